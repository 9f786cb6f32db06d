/** The only place the test helpers read the environment. */
export const testEnv = {
  databaseUrl: process.env.TEST_DATABASE_URL || undefined,
};
