/** The message under an input; renders nothing when the field is fine. */
export function FieldError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return <p className="field-error">{message}</p>;
}
