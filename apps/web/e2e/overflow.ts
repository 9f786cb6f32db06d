import type { Page } from 'playwright-core';

export interface Overflow {
  /** The document is wider than the window: the page scrolls sideways. */
  pageScrollWidth: number;
  innerWidth: number;
  /** Visible elements whose box runs past the window's right edge, starts before its left, or above its top. */
  sticking: string[];
}

/**
 * What of the page runs off the sides of the window. Content inside a box that scrolls sideways on
 * purpose (a wide table in `.table-scroll`) is in reach and does not count; content cut off by
 * `overflow: hidden` does, since nobody can scroll to it.
 */
export function measureOverflow(page: Page): Promise<Overflow> {
  // A string, not a function: the test runner's transform would add helpers the page does not have.
  return page.evaluate<Overflow>(MEASURE);
}

const MEASURE = `(() => {
    const width = window.innerWidth;
    const scrolls = (el) => {
      const x = getComputedStyle(el).overflowX;
      return x === 'auto' || x === 'scroll';
    };
    const inScroller = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (scrolls(p)) return true;
      return false;
    };
    const describe = (el) => {
      const id = el.id ? '#' + el.id : '';
      const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
      const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
      const r = el.getBoundingClientRect();
      return el.tagName.toLowerCase() + id + cls + ' [' + Math.round(r.left) + '..' + Math.round(r.right) + '] "' + text + '"';
    };
    const sticking = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) continue;
      // At the top of the page nothing should start above the window either (a header hiding a row).
      const cutAbove = window.scrollY === 0 && r.top < -1;
      if (r.right <= width + 1 && r.left >= -1 && !cutAbove) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.position === 'fixed') continue;
      if (inScroller(el)) continue;
      // Report the outermost offender only.
      const parent = el.parentElement;
      if (parent && sticking.length && (parent.getBoundingClientRect().right > width + 1)) continue;
      sticking.push(describe(el));
    }
    return { pageScrollWidth: document.scrollingElement.scrollWidth, innerWidth: width, sticking };
  })()`;
