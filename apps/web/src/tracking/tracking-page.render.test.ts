import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TrackingPageHtml } from '../shared/api';
import { escapeHtml } from './html';
import { FIXTURE_NOW, TRACKING_PAGE_FIXTURES } from './tracking-page.fixtures';
import { renderTrackingPage, renderTrackingPageAt } from './tracking-page.server';

/** The stored page: "lang: ...", "title: ...", "head: ..." lines, then "body:" and the body on one line. */
function expected(name: string): TrackingPageHtml {
  const text = readFileSync(new URL(`./tracking-page.expected/${name}.txt`, import.meta.url), 'utf8');
  const [lang, title, head, bodyLabel, body] = text.split('\n');
  expect(bodyLabel).toBe('body:');
  return {
    lang: (lang ?? '').replace(/^lang: /, ''),
    title: (title ?? '').replace(/^title: /, ''),
    head: (head ?? '').replace(/^head: ?/, ''),
    body: body ?? '',
  };
}

describe('the tracking page as strings', () => {
  // The expectations were written by the React components this renderer replaced (issue 26): the
  // markup the API tests, the browser tests and the client script rely on did not move.
  it.each(TRACKING_PAGE_FIXTURES.map((f) => [f.name, f.model] as const))('%s: the stored markup', (name, model) => {
    expect(renderTrackingPageAt(model, FIXTURE_NOW)).toEqual(expected(name));
  });

  it('escapes what customers and merchants typed, in text and in attributes', () => {
    const fixture = TRACKING_PAGE_FIXTURES.find((f) => f.name === 'order-en-ndr-form');
    if (!fixture) throw new Error('fixture missing');
    const { body } = renderTrackingPageAt(fixture.model, FIXTURE_NOW);
    // The only <script> is none at all: every one in the fixture's text arrives escaped.
    expect(body).not.toMatch(/<script/i);
    expect(body).not.toContain('</textarea><script>');
    expect(body).toContain('<strong>&lt;script&gt;alert(1)&lt;/script&gt; O&#x27;Brien &amp; &quot;Co&quot;</strong>');
    expect(body).toContain('value="Near &lt;temple&gt; &amp; &quot;park&quot;"');
    expect(body).toContain('<input type="hidden" name="t" value="tok&lt;x&gt;&quot;&amp;"/>');
    expect(body).toContain('Call first &lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;</textarea>');
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#x27;y&#x27;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('the NDR form in Hindi keeps its fields, choices and the POST target', () => {
    const fixture = TRACKING_PAGE_FIXTURES.find((f) => f.name === 'order-hi-ndr-form');
    if (!fixture) throw new Error('fixture missing');
    const { lang, body } = renderTrackingPageAt(fixture.model, FIXTURE_NOW);
    expect(lang).toBe('hi-IN');
    expect(body).toContain('action="/order-tracking/FB-1001/ndr?lang=hi" method="post"');
    for (const name of ['t', 'action', 'preferredDate', 'landmark', 'addressLine', 'alternatePhone', 'message'])
      expect(body).toContain(`name="${name}"`);
    expect(body).toContain('<input type="radio" name="action" checked="" value="reattempt"/>');
  });

  it('a textarea value starting with a newline keeps it', () => {
    const fixture = TRACKING_PAGE_FIXTURES.find((f) => f.name === 'order-en-ndr-form');
    if (!fixture || fixture.model.kind !== 'order' || !fixture.model.ndrForm) throw new Error('fixture missing');
    const model = {
      ...fixture.model,
      ndrForm: { ...fixture.model.ndrForm, values: { ...fixture.model.ndrForm.values, message: '\nhi' } },
    };
    expect(renderTrackingPageAt(model, FIXTURE_NOW).body).toContain('maxLength="500">\n\nhi</textarea>');
  });

  it('renders on the clock when no time is given', () => {
    const fixture = TRACKING_PAGE_FIXTURES[0];
    if (!fixture) throw new Error('fixture missing');
    expect(renderTrackingPage(fixture.model).body).toContain('<form class="card form-card"');
  });
});
