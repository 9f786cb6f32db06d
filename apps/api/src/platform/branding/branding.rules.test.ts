import { describe, expect, it } from 'vitest';
import { brandColorProblem, contrastWithWhite, supportPhoneProblem, webUrlProblem } from './branding.rules';

describe('branding rules', () => {
  it('measures contrast with white as WCAG does', () => {
    expect(contrastWithWhite('#000000')).toBeCloseTo(21, 0);
    expect(contrastWithWhite('#ffffff')).toBeCloseTo(1, 5);
    // Tailwind violet-700, the default accent: 7.1:1.
    expect(contrastWithWhite('#6d28d9')).toBeGreaterThan(7);
  });
  it('refuses colours white text cannot be read on, and anything not #rrggbb', () => {
    expect(brandColorProblem('#6d28d9')).toBeNull();
    expect(brandColorProblem('#facc15')).toMatch(/Too light/);
    expect(brandColorProblem('red')).toMatch(/six hex digits/);
    expect(brandColorProblem('#6d28d9;}body{display:none')).not.toBeNull();
  });
  it('allows only absolute http(s) links', () => {
    expect(webUrlProblem('https://shop.example/logo.png')).toBeNull();
    expect(webUrlProblem('javascript:alert(1)')).not.toBeNull();
    expect(webUrlProblem('data:image/png;base64,AAAA')).not.toBeNull();
    expect(webUrlProblem('/logo.png')).not.toBeNull();
  });
  it('accepts mobiles, landlines and toll-free numbers, not text', () => {
    expect(supportPhoneProblem('+91 98765 43210')).toBeNull();
    expect(supportPhoneProblem('1800-123-4567')).toBeNull();
    expect(supportPhoneProblem('call us')).not.toBeNull();
  });
});
