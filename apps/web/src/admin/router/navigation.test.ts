import { describe, expect, it } from 'vitest';
import { withParams } from './navigation';

describe('withParams', () => {
  it('sets, replaces and removes keys, keeping the others', () => {
    const params = withParams('/admin/orders/3?status=shipped&q=asha', { q: 'rohan', page: '2', status: undefined });
    expect(params.toString()).toBe('q=rohan&page=2');
  });

  it('treats an empty value as removing the key', () => {
    expect(withParams('/admin?q=asha', { q: '' }).toString()).toBe('');
  });
});
