// The browser test for the HTML site, run by tests/browser.sh:
//   node tests/browser/check.js SITE_DIR PDF
// Headless Chromium (and Firefox ESR for printing), both from Debian, driven
// by puppeteer-core; no browser is downloaded and nothing leaves the folder.
//  - 1280 px: every slide is the fixed 16:9 picture and matches the PDF;
//  - 640 and 320 px (200% and 400% zoom of 1280): the slides reflow, every
//    text line keeps at least its nominal size, every reflowed chart label
//    too, no text is clipped and the page does not scroll sideways;
//  - web fonts blocked and a wider user font forced, and WCAG 1.4.12 text
//    spacing: no text is clipped, at 1280 and 320 px;
//  - every glyph drawn comes from the site's two web fonts;
//  - find-in-page finds each phrase across a soft wrap of the fixed slide;
//  - WCAG 1.4.12 spacing with the web fonts at 1280, 640 and 320 px: no
//    text overlapping text, outside its slide or the viewport, no label
//    under a bar;
//  - the PDF's link states the real file's size;
//  - Tab reaches every sideways-scrolling box, each a named region;
//  - 960-975 px with classic scrollbars: no sideways scroll;
//  - slide 4 for readers (Chromium's accessibility tree, Firefox's text):
//    修正作業 whole, the 計画案の作成 cell two lines;
//  - forced colours: every label has a contrast of at least 4.5:1; every
//    chart's series keep a pattern of their own, unlike in pixels;
//  - printing from Chromium and from Firefox: 17 pages, each like its PDF
//    page (a page whose charts were dropped differs by far more).
'use strict';
const puppeteer = require('puppeteer-core');
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

// `--spacing SITE_DIR`: only the WCAG 1.4.12 spacing check at 1280, 640
// and 320 px, for the decks other than the sample (lists, tables)
const spacingOnly = process.argv[2] === '--spacing';
const args = process.argv.slice(spacingOnly ? 3 : 2);
const site = path.resolve(args[0]);
const pdf = spacingOnly ? null : path.resolve(args[1]);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-browser-'));
let pass = 0, fail = 0;
function ok(cond, msg) {
  if (cond) pass++;
  else { fail++; console.log('FAIL: ' + msg); }
}

const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  userDataDir: path.join(tmp, 'chromium'),
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update',
    '--disable-sync'],
};

// Share of differing pixels (ImageMagick, fuzz 20% as html-vs-pdf) in %.
function differ(a, b) {
  const r = spawnSync('compare', ['-metric', 'AE', '-fuzz', '20%', a, b, 'null:']);
  const n = parseFloat(String(r.stderr));
  const size = String(execFileSync('identify', ['-format', '%w %h', a])).split(' ');
  return 100 * n / (size[0] * size[1]);
}

// Renders PDF pages to dir/p-NN.png at w x h px.
function raster(file, dir, w, h) {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-scale-to-x', String(w), '-scale-to-y',
    String(h), file, path.join(dir, 'p')]);
  return fs.readdirSync(dir).filter((f) => f.endsWith('.png')).sort()
    .map((f) => path.join(dir, f));
}

async function open(browser, file, width, css) {
  const page = await browser.newPage();
  await page.setViewport({ width, height: 800, deviceScaleFactor: 1 });
  await page.goto('file://' + file, { waitUntil: 'load' });
  if (css) await page.addStyleTag({ content: css });
  await page.evaluate(() => document.fonts.ready);
  return page;
}

// Text that is clipped: a box whose text overflows it where it does not
// scroll, or text outside an ancestor that clips. Visually hidden copies
// for screen readers (.sr, the fixed slide's .tw) are not shown text.
function clippedText() {
  const bad = [];
  const shown = (e) => e.getClientRects().length > 0 &&
    !e.closest('.sr') && !(e.closest('.tw') &&
      getComputedStyle(e.closest('.tw')).position === 'absolute') &&
    !(e.closest('svg.w') && e.closest('svg.w').getBoundingClientRect().width < 2);
  const name = (e) => e.tagName.toLowerCase() + ' "' +
    (e.textContent || '').slice(0, 30) + '"';
  const fixed = innerWidth >= 960;
  const boxes = document.querySelectorAll(
    'h1, nav a, .slide .g, th, td, caption, summary, .data p');
  for (const e of boxes) {
    if (!shown(e) || (fixed && e.classList.contains('g'))) continue;
    if (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
      bad.push(name(e) + ' overflows its box (' + e.scrollWidth + 'x' +
        e.scrollHeight + ' in ' + e.clientWidth + 'x' + e.clientHeight + ')');
  }
  const texts = document.querySelectorAll(
    '.slide .l, th, td, caption, summary, h1, nav a, svg text');
  for (const e of texts) {
    if (!shown(e)) continue;
    const r = e.getBoundingClientRect();
    for (let a = e.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX === 'auto' || s.overflowX === 'scroll') break;
      const clips = s.overflowX !== 'visible' || s.overflowY !== 'visible' ||
        s.clipPath !== 'none';
      if (!clips) continue;
      const ar = a.getBoundingClientRect();
      if (r.left < ar.left - 1 || r.right > ar.right + 1 ||
        r.top < ar.top - 1 || r.bottom > ar.bottom + 1) {
        bad.push(name(e) + ' clipped by ' + a.tagName.toLowerCase() + '.' +
          a.getAttribute('class'));
        break;
      }
    }
  }
  return bad;
}

async function reflowChecks(browser, file, nominal) {
  for (const width of [640, 320]) {
    const page = await open(browser, file, width);
    const r = await page.evaluate((nominal, clipped) => {
      const f = new Function('return ' + clipped)();
      const small = [];
      document.querySelectorAll('.slide .l').forEach((e, i) => {
        const px = parseFloat(getComputedStyle(e).fontSize);
        if (px < nominal[i] - 0.01)
          small.push(e.textContent.slice(0, 20) + ' ' + px + ' < ' + nominal[i]);
      });
      // the reflowed charts: drawn at least at their layout size
      let charts = 0;
      const want = document.querySelectorAll('figure svg.w[role=img]').length;
      document.querySelectorAll('svg.nw').forEach((s) => {
        const w = s.getBoundingClientRect().width;
        if (w > 0) charts++;
        const scale = w / s.viewBox.baseVal.width;
        s.querySelectorAll('text').forEach((t) => {
          const px = parseFloat(t.getAttribute('font-size')) * scale;
          if (px < parseFloat(t.getAttribute('font-size')) - 0.01)
            small.push('chart label ' + t.textContent + ' ' + px.toFixed(1) + ' px');
        });
      });
      const lead = document.querySelector('#slide-1 p .l');
      return {
        sideways: document.documentElement.scrollWidth - innerWidth,
        small, charts, want, clipped: f(),
        leadPx: lead ? parseFloat(getComputedStyle(lead).fontSize) : 0,
        wideShown: [...document.querySelectorAll('svg.w')]
          .filter((s) => s.getBoundingClientRect().width > 2).length,
      };
    }, nominal, clippedText.toString());
    ok(r.sideways <= 0, `${width} px: the page scrolls sideways by ${r.sideways} px`);
    ok(r.small.length === 0, `${width} px: text below its nominal size: ${r.small.slice(0, 5).join('; ')}`);
    ok(r.leadPx >= 16, `${width} px: lead text at ${r.leadPx} px`);
    ok(r.charts === r.want && r.want > 0, `${width} px: ${r.charts} reflowed charts shown, expected ${r.want}`);
    ok(r.wideShown === 0, `${width} px: ${r.wideShown} fixed-slide pictures still shown`);
    ok(r.clipped.length === 0, `${width} px: clipped text: ${r.clipped.slice(0, 5).join('; ')}`);
    await page.screenshot({ path: path.join(tmp, `reflow-${width}.png`), fullPage: true });
    await page.close();
  }
}

async function fixedChecks(browser, file) {
  const page = await open(browser, file, 1280);
  const nominal = await page.evaluate(() =>
    [...document.querySelectorAll('.slide .l')].map((e) => parseFloat(getComputedStyle(e).fontSize)));
  const slides = await page.$$('[data-slide]');
  const pages = raster(pdf, path.join(tmp, 'pdf'), 960, 540);
  ok(slides.length === pages.length, `${slides.length} slides, ${pages.length} PDF pages`);
  let worst = 0;
  for (let i = 0; i < slides.length && i < pages.length; i++) {
    const shot = path.join(tmp, `slide-${i + 1}.png`);
    await slides[i].screenshot({ path: shot });
    const d = differ(shot, pages[i]);
    worst = Math.max(worst, d);
    ok(d <= 2, `1280 px: slide ${i + 1} differs from its PDF page by ${d.toFixed(2)}%`);
  }
  console.log(`  1280 px: ${slides.length} slides against the PDF, worst ${worst.toFixed(2)}%`);
  const c = await page.evaluate((clipped) => new Function('return ' + clipped)()(), clippedText.toString());
  ok(c.length === 0, `1280 px: clipped text: ${c.slice(0, 5).join('; ')}`);
  // find-in-page sees a phrase across every soft wrap: the 4 characters
  // either side of each wrap are found (window.find, the browser's search)
  const miss = await page.evaluate(() => {
    const out = [];
    let n = 0;
    for (const g of document.querySelectorAll('.slide .g')) {
      const full = g.textContent;
      let pos = 0;
      for (const node of g.childNodes) {
        if (node.nodeType === 1 && node.classList.contains('l') &&
            !node.classList.contains('b') && pos >= 4) {
          const phrase = full.slice(pos - 4, pos + 4).trim();
          window.getSelection().removeAllRanges();
          n++;
          if (!window.find(phrase, false, false, true)) out.push(phrase);
        }
        pos += node.textContent.length;
      }
    }
    return { n, out };
  });
  ok(miss.n >= 10 && miss.out.length === 0,
    `find-in-page: ${miss.out.length} of ${miss.n} wrapped phrases not found: ${miss.out.slice(0, 5).join(' / ')}`);
  console.log(`  find-in-page: ${miss.n} phrases across a wrap, ${miss.out.length} not found`);
  await page.close();
  return nominal;
}

// The site with its web fonts gone (as when they are blocked), a wider
// user font forced and the WCAG 1.4.12 text spacing.
async function fallbackChecks(browser) {
  const dir = path.join(tmp, 'nofonts');
  fs.cpSync(site, dir, { recursive: true });
  fs.rmSync(path.join(dir, 'fonts'), { recursive: true, force: true });
  const file = path.join(dir, 'index.html');
  const spacing = '*{line-height:1.5!important;letter-spacing:.12em!important;' +
    'word-spacing:.16em!important}p{margin-bottom:2em!important}';
  const forced = '*{font-family:"BIZ UDGothic",sans-serif!important}';
  for (const [what, css] of [['web fonts blocked', forced], ['text spacing', spacing]]) {
    for (const width of [1280, 320]) {
      const page = await open(browser, file, width, css);
      const r = await page.evaluate((clipped) => ({
        loaded: [...document.fonts].filter((f) => f.status === 'loaded' && /deck/.test(f.family) && !/fallback/.test(f.family)).length,
        clipped: new Function('return ' + clipped)()(),
        sideways: document.documentElement.scrollWidth - innerWidth,
      }), clippedText.toString());
      ok(r.loaded === 0, `${what}: a web font still loaded`);
      ok(r.clipped.length === 0, `${what}, ${width} px: clipped text: ${r.clipped.slice(0, 5).join('; ')}`);
      if (width < 960)
        ok(r.sideways <= 0, `${what}, ${width} px: the page scrolls sideways by ${r.sideways} px`);
      await page.close();
    }
  }
}

// WCAG 1.4.12 with the web fonts: at each width, with the four spacing
// values, no shown text overlaps other text, none leaves its slide or the
// viewport, and no chart label lies under a bar drawn after it.
const SPACING = '*{line-height:1.5!important;letter-spacing:.12em!important;' +
  'word-spacing:.16em!important}p{margin-bottom:2em!important}';
function spacingProblems() {
  const out = [];
  const visible = (e) => {
    const svg = e.closest('svg');
    if (svg && svg.getBoundingClientRect().width < 2) return false;
    return e.getClientRects().length > 0 && !e.closest('.sr') &&
      !(e.closest('.tw') && getComputedStyle(e.closest('.tw')).position === 'absolute');
  };
  const boxes = (e) => {
    if (e.tagName === 'text') return [e.getBoundingClientRect()];
    const r = document.createRange();
    r.selectNodeContents(e);
    return [...r.getClientRects()].filter((x) => x.width > 0.5);
  };
  const hit = (a, b, m) => a.left < b.right - m && b.left < a.right - m &&
    a.top < b.bottom - m && b.top < a.bottom - m;
  for (const sec of document.querySelectorAll('section.slide')) {
    const sr = sec.getBoundingClientRect();
    const items = [];
    for (const e of sec.querySelectorAll('.l, svg text')) {
      if (!visible(e)) continue;
      for (const r of boxes(e)) items.push({ e, r });
      for (const r of boxes(e)) {
        if (r.left < sr.left - 1 || r.right > sr.right + 1 || r.top < sr.top - 1 ||
            r.bottom > sr.bottom + 1)
          out.push(`${sec.id}: "${e.textContent.slice(0, 16)}" outside its slide`);
        if (r.left < -1 || r.right > innerWidth + 1)
          out.push(`${sec.id}: "${e.textContent.slice(0, 16)}" outside the viewport`);
      }
    }
    // glyph boxes are taller than the ink: 2 px either way is not overlap
    for (let i = 0; i < items.length; i++)
      for (let j = i + 1; j < items.length; j++)
        if (items[i].e !== items[j].e && hit(items[i].r, items[j].r, 2))
          out.push(`${sec.id}: "${items[i].e.textContent.slice(0, 16)}" overlaps "${items[j].e.textContent.slice(0, 16)}"`);
    // a label under a bar: a point of its box (1 unit in from each edge,
    // and its middle) inside the fill of a rect or path painted after it
    for (const t of sec.querySelectorAll('svg text')) {
      if (!visible(t)) continue;
      const b = t.getBBox();
      const pts = [[b.x + 1, b.y + 1], [b.x + b.width - 1, b.y + 1],
        [b.x + 1, b.y + b.height - 1], [b.x + b.width - 1, b.y + b.height - 1],
        [b.x + b.width / 2, b.y + b.height / 2]].map(([x, y]) => new DOMPoint(x, y));
      const svg = t.closest('svg');
      let after = false;
      for (const x of svg.querySelectorAll('rect, path, text')) {
        if (x === t) { after = true; continue; }
        if (!after || x.tagName === 'text') continue;
        if (pts.some((p) => x.isPointInFill(p)))
          out.push(`${sec.id}: label "${t.textContent.slice(0, 16)}" under a bar`);
      }
    }
  }
  return [...new Set(out)];
}

async function spacingChecks(browser, file) {
  for (const width of [1280, 640, 320]) {
    const page = await open(browser, file, width, SPACING);
    const r = await page.evaluate((f) => ({
      bad: new Function('return ' + f)()(),
      sideways: document.documentElement.scrollWidth - innerWidth,
    }), spacingProblems.toString());
    ok(r.bad.length === 0, `text spacing, ${width} px: ${r.bad.length} problems: ${r.bad.slice(0, 6).join('; ')}`);
    if (width < 960)
      ok(r.sideways <= 0, `text spacing, ${width} px: the page scrolls sideways by ${r.sideways} px`);
    console.log(`  text spacing, ${width} px: ${r.bad.length} overlapping, outside or under a bar`);
    if (r.bad.length) console.log('    ' + r.bad.join('\n    '));
    await page.close();
  }
}

// Keyboard: Tab from the top reaches every box that scrolls sideways (the
// data tables and, when the slide reflows, the slides' tables), each with
// a name.
async function tabWalkChecks(browser, file) {
  for (const width of [1280, 320]) {
    const page = await open(browser, file, width);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    const want = await page.evaluate(() => [...document.querySelectorAll('.scroll, .tw')]
      .map((e, i) => { e.dataset.k = i; return e; })
      .filter((e) => getComputedStyle(e).overflowX === 'auto' || e.closest('.slide'))
      .map((e) => ({ k: e.dataset.k, name: e.getAttribute('aria-label') || '', role: e.getAttribute('role') })));
    const reached = new Set();
    for (let i = 0; i < 400; i++) {
      await page.keyboard.press('Tab');
      const k = await page.evaluate(() => document.activeElement && document.activeElement.dataset.k);
      if (k !== undefined && k !== null) reached.add(k);
    }
    const missed = want.filter((w) => !reached.has(w.k));
    const unnamed = want.filter((w) => w.role !== 'region' || !/^スライド\d+：/.test(w.name));
    ok(want.length >= 5 && missed.length === 0, `${width} px: Tab reaches ${want.length - missed.length} of ${want.length} scroll boxes`);
    ok(unnamed.length === 0, `${width} px: ${unnamed.length} scroll boxes without a region name`);
    console.log(`  Tab walk, ${width} px: ${reached.size} of ${want.length} scroll boxes reached`);
    await page.close();
  }
}

// 960-975 CSS px with classic scrollbars (a 1920 px screen at 200%): the
// page does not scroll sideways.
async function scrollbarChecks() {
  const browser = await puppeteer.launch({ ...CHROMIUM,
    userDataDir: path.join(tmp, 'chromium-bars'),
    ignoreDefaultArgs: ['--hide-scrollbars'] });
  try {
    const file = path.join(site, 'index.html');
    for (const width of [960, 965, 970, 975]) {
      const page = await open(browser, file, width);
      const r = await page.evaluate(() => {
        window.scrollTo(100, 0);
        return { bar: innerWidth - document.documentElement.clientWidth, x: window.scrollX };
      });
      ok(r.bar > 0, `${width} px: no classic scrollbar to test with`);
      ok(r.x === 0, `${width} px with a ${r.bar} px scrollbar: the page scrolls sideways by ${r.x} px`);
      await page.close();
    }
    console.log('  classic scrollbars at 960-975 px: checked');
  } finally {
    await browser.close();
  }
}

// What a screen reader gets from slide 4's table: 修正作業 whole, and the
// two cases of one cell as two lines (Chromium's accessibility tree).
async function readerTextChecks(browser, file) {
  const page = await open(browser, file, 1280);
  const tree = await page.accessibility.snapshot({ interestingOnly: false,
    root: await page.$('#slide-4') });
  const names = [];
  const walk = (n) => { if (n.name) names.push(n.name); (n.children || []).forEach(walk); };
  walk(tree);
  ok(names.some((n) => n.includes('修正作業')) && !names.some((n) => /修\s+正/.test(n)),
    'slide 4 accessibility tree: 修正作業 missing or split');
  const cell = await page.evaluateHandle(() => [...document.querySelectorAll('#slide-4 th')]
    .find((e) => e.textContent.startsWith('計画案の作成')));
  const node = await page.accessibility.snapshot({ interestingOnly: false, root: cell });
  const lines = [];
  const leaves = (n) => { if (!n.children && n.name) lines.push(n.name); (n.children || []).forEach(leaves); };
  leaves(node);
  const text = lines.filter((x) => x.trim()).join('|');
  ok(/計画案の作成\|企画書案の作成/.test(text) || node.name === '計画案の作成\n企画書案の作成',
    `slide 4: the 計画案の作成 cell reads ${JSON.stringify(node.name)} (${text})`);
  console.log(`  slide 4 for readers: ${JSON.stringify(node.name)}`);
  await page.close();
}

// Firefox: the same cell's rendered text keeps its two lines.
async function firefoxTextCheck(browser, file) {
  const page = await browser.newPage();
  await page.goto('file://' + file, { waitUntil: 'load' });
  const t = await page.evaluate(() => {
    const th = [...document.querySelectorAll('#slide-4 th')]
      .find((e) => e.textContent.startsWith('計画案の作成'));
    const td = [...document.querySelectorAll('#slide-4 td')]
      .find((e) => e.textContent.includes('修正作業'));
    const tw = th.closest('.tw');
    tw.style.cssText = 'position:static;width:auto;height:auto;clip-path:none';
    return { th: th.innerText, td: td ? td.innerText : '' };
  });
  ok(t.th === '計画案の作成\n企画書案の作成', `firefox: the 計画案の作成 cell reads ${JSON.stringify(t.th)}`);
  ok(/修正作業/.test(t.td) && !/修\s+正/.test(t.td), 'firefox: 修正作業 split');
  await page.close();
}

// Every glyph on the page comes from the two web fonts: none from a system
// font (the bold font once lacked 253 characters of bold table
// headers). Chromium reports the fonts it used per element (CDP).
async function webFontChecks(browser, file) {
  for (const width of [1280, 320]) {
    const page = await open(browser, file, width);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    await page.evaluate(() => document.fonts.ready);
    const cdp = await page.createCDPSession();
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', {
      nodeId: root.nodeId,
      selector: 'h1, h2, nav a, .l, th, td, caption, summary, .data p, svg text',
    });
    const foreign = new Map();
    let glyphs = 0;
    for (const nodeId of nodeIds) {
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      for (const f of fonts) {
        glyphs += f.glyphCount;
        if (!f.isCustomFont)
          foreign.set(f.familyName, (foreign.get(f.familyName) || 0) + f.glyphCount);
      }
    }
    const list = [...foreign].map(([k, v]) => `${k} ${v}`).join(', ');
    ok(glyphs > 1000 && foreign.size === 0,
      `${width} px: glyphs from fonts other than the web fonts: ${list} (of ${glyphs})`);
    console.log(`  web fonts, ${width} px: ${glyphs} glyphs, ${list || 'none'} from other fonts`);
    await page.close();
  }
}

// Forced colours: each label's colour against what is drawn under it.
async function forcedColorChecks(browser, file) {
  for (const width of [1280, 320]) {
    const page = await open(browser, file, width);
    // puppeteer's emulateMediaFeatures refuses forced-colors; CDP has it
    const cdp = await page.createCDPSession();
    await cdp.send('Emulation.setEmulatedMedia', {
      features: [{ name: 'forced-colors', value: 'active' },
        { name: 'prefers-color-scheme', value: 'dark' }],
    });
    const r = await page.evaluate(() => {
      const rgb = (s) => {
        const m = String(s).match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/);
        return m && (m[4] === undefined || +m[4] > 0) ? [+m[1], +m[2], +m[3]] : null;
      };
      const lum = (c) => {
        const v = c.map((x) => {
          x /= 255;
          return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
        });
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
      };
      const ratio = (a, b) => {
        const x = lum(a), y = lum(b);
        return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
      };
      const under = (e, x, y) => {
        for (const u of document.elementsFromPoint(x, y)) {
          if (u === e || e.contains(u) || u.tagName === 'text') continue;
          const s = getComputedStyle(u);
          if (u instanceof SVGElement) {
            if (/^(rect|path)$/.test(u.tagName) && rgb(s.fill)) return rgb(s.fill);
            continue;
          }
          if (rgb(s.backgroundColor)) return rgb(s.backgroundColor);
        }
        return rgb(getComputedStyle(document.documentElement).backgroundColor) || [255, 255, 255];
      };
      const low = [];
      let n = 0;
      const labels = [...document.querySelectorAll('.slide .l, svg text')].filter((e) => {
        const svg = e.closest('svg');
        return e.getClientRects().length && (!svg || svg.getBoundingClientRect().width > 2);
      });
      for (const e of labels) {
        e.scrollIntoView({ block: 'center' });
        const r = e.getBoundingClientRect();
        const s = getComputedStyle(e);
        const fg = rgb(e.tagName === 'text' ? s.fill : s.color);
        const bg = under(e, r.left + r.width / 2, r.top + r.height / 2);
        n++;
        if (!fg || ratio(fg, bg) < 4.5)
          low.push(e.textContent.slice(0, 20) + ' ' + (fg ? ratio(fg, bg).toFixed(2) : 'no colour'));
      }
      return { n, low };
    });
    ok(r.n > 300, `forced colours, ${width} px: only ${r.n} labels found`);
    ok(r.low.length === 0, `forced colours, ${width} px: ${r.low.length} labels below 4.5:1: ${r.low.slice(0, 5).join('; ')}`);
    console.log(`  forced colours, ${width} px: ${r.n} labels, ${r.low.length} below 4.5:1`);
    await page.close();
  }
}

// Forced colours: in every chart of more than one series (the six of
// slides 2, 6, 8, 9, 10 and 17), each series has one fill of its own on the
// rendered page, every pattern it names is there, and its smallest shape
// (the legend key) looks different in pixels from every other series'.
async function forcedSeriesChecks(browser, file) {
  for (const width of [1280, 320]) {
    const page = await open(browser, file, width);
    const cdp = await page.createCDPSession();
    await cdp.send('Emulation.setEmulatedMedia', {
      features: [{ name: 'forced-colors', value: 'active' },
        { name: 'prefers-color-scheme', value: 'dark' }],
    });
    const charts = await page.evaluate(() => {
      const out = [];
      for (const svg of document.querySelectorAll('.fig svg')) {
        if (svg.getBoundingClientRect().width < 2) continue; // not this layout's
        const series = new Map();
        for (const e of svg.querySelectorAll('[class^="s"]')) {
          if (!/^s\d+$/.test(e.getAttribute('class'))) continue;
          const k = e.getAttribute('class');
          const r = e.getBoundingClientRect();
          const v = series.get(k) || { fills: new Set(), missing: [], key: null };
          const fill = getComputedStyle(e).fill;
          v.fills.add(fill);
          const id = (fill.match(/url\("?#([^")]+)"?\)/) || [])[1];
          if (/url/.test(fill) && !(id && document.getElementById(id) &&
              document.getElementById(id).tagName === 'pattern')) v.missing.push(fill);
          if (r.width >= 4 && r.height >= 4 && (!v.key || r.width * r.height < v.key.w * v.key.h))
            v.key = { x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height };
          series.set(k, v);
        }
        if (series.size < 2) continue;
        out.push({
          id: svg.closest('.fig').id,
          series: [...series].map(([k, v]) => ({ k, fills: [...v.fills], missing: v.missing, key: v.key })),
        });
      }
      return out;
    });
    ok(charts.length === 6, `forced colours, ${width} px: ${charts.length} charts of several series, expected 6`);
    let pairs = 0;
    for (const c of charts) {
      const fills = c.series.map((s) => s.fills.join(' '));
      ok(c.series.every((s) => s.fills.length === 1),
        `forced colours, ${width} px, ${c.id}: a series with several fills: ${fills.join(' | ')}`);
      ok(new Set(fills).size === fills.length,
        `forced colours, ${width} px, ${c.id}: two series alike: ${fills.join(' | ')}`);
      ok(c.series.filter((s) => !/url/.test(s.fills[0])).length <= 1,
        `forced colours, ${width} px, ${c.id}: more than one series without a pattern`);
      for (const s of c.series)
        ok(s.missing.length === 0, `forced colours, ${width} px, ${c.id}: no pattern for ${s.missing[0]}`);
      // the keys at one size, compared pixel by pixel
      const keys = c.series.map((s) => s.key).filter(Boolean);
      ok(keys.length === c.series.length, `forced colours, ${width} px, ${c.id}: a series without a shape`);
      const w = Math.floor(Math.min(...keys.map((k) => k.w))), h = Math.floor(Math.min(...keys.map((k) => k.h)));
      const shots = [];
      for (let i = 0; i < keys.length; i++) {
        const f = path.join(tmp, `key-${width}-${c.id}-${i}.png`);
        await page.screenshot({ path: f, clip: { x: Math.ceil(keys[i].x), y: Math.ceil(keys[i].y), width: w, height: h }, captureBeyondViewport: true });
        shots.push(f);
      }
      for (let i = 0; i < shots.length; i++)
        for (let j = i + 1; j < shots.length; j++) {
          const d = differ(shots[i], shots[j]);
          pairs++;
          ok(d >= 10, `forced colours, ${width} px, ${c.id}: series ${i + 1} and ${j + 1} look alike (${d.toFixed(1)}% of ${w}x${h} px differ)`);
        }
    }
    console.log(`  forced colours, ${width} px: ${charts.length} charts of several series, ${pairs} pairs of series compared in pixels`);
    await page.close();
  }
}

// The PDF's link states the size of the PDF beside it as government sites
// write it (PDF、165KB: KB of 1,024 bytes rounded up, MB with one decimal
// from 1,024 KB), and points at that file.
async function pdfLinkCheck(browser, file) {
  const page = await open(browser, file, 1280);
  const a = await page.evaluate(() => {
    const e = document.querySelector('header .pdf a');
    return e ? { text: e.textContent, href: e.href } : null;
  });
  await page.close();
  const n = fs.statSync(pdf).size;
  const size = n >= 1024 * 1024
    ? (Math.ceil(n * 10 / (1024 * 1024)) / 10).toFixed(1) + 'MB'
    : Math.ceil(n / 1024) + 'KB';
  const want = `PDF版（PDF、${size}）`;
  ok(a && a.text === want, `the PDF's link reads ${a && a.text}, expected ${want} (${n} bytes)`);
  ok(a && path.resolve(new URL(a.href).pathname) === pdf, `the PDF's link points at ${a && a.href}`);
  console.log(`  the PDF's link: ${a && a.text} for ${n} bytes`);
}

// Prints the site and compares each printed page with its PDF page.
async function printCheck(browser, name, file) {
  const page = await browser.newPage();
  await page.goto('file://' + file, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  const out = path.join(tmp, `print-${name}.pdf`);
  fs.writeFileSync(out, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  await page.close();
  const printed = raster(out, path.join(tmp, `print-${name}`), 480, 270);
  const pages = raster(pdf, path.join(tmp, 'pdf-small'), 480, 270);
  ok(printed.length === 17, `${name} prints ${printed.length} pages, expected 17`);
  let worst = 0;
  // blurred first (sigma 1 px): at 480 px a chart's hatching (3 px apart)
  // aliases differently in each rasteriser, while a missing chart still
  // differs by far more
  const blur = (f) => {
    const out = path.join(tmp, `blur-${path.basename(path.dirname(f))}-${path.basename(f)}`);
    execFileSync('convert', [f, '-blur', '0x1', out]);
    return out;
  };
  for (let i = 0; i < printed.length && i < pages.length; i++) {
    const d = differ(blur(printed[i]), blur(pages[i]));
    worst = Math.max(worst, d);
    ok(d <= 4, `${name}: printed page ${i + 1} differs from the PDF by ${d.toFixed(2)}% (a chart missing?)`);
  }
  console.log(`  print from ${name}: ${printed.length} pages, worst ${worst.toFixed(2)}% against the PDF`);
}

async function spacingOnlyRun(file) {
  const chromium = await puppeteer.launch(CHROMIUM);
  try {
    await spacingChecks(chromium, file);
  } finally {
    await chromium.close();
  }
  console.log(`browser (text spacing, ${path.basename(site)}): ${pass} passed, ${fail} failed`);
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(fail ? 1 : 0);
}

(async () => {
  const file = path.join(site, 'index.html');
  if (spacingOnly) return spacingOnlyRun(file);
  const chromium = await puppeteer.launch(CHROMIUM);
  try {
    const nominal = await fixedChecks(chromium, file);
    await reflowChecks(chromium, file, nominal);
    await fallbackChecks(chromium);
    await spacingChecks(chromium, file);
    await tabWalkChecks(chromium, file);
    await readerTextChecks(chromium, file);
    await webFontChecks(chromium, file);
    await forcedColorChecks(chromium, file);
    await forcedSeriesChecks(chromium, file);
    await pdfLinkCheck(chromium, file);
    await printCheck(chromium, 'chromium', file);
  } finally {
    await chromium.close();
  }
  await scrollbarChecks();
  const firefox = await puppeteer.launch({
    browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true,
    userDataDir: path.join(tmp, 'firefox'),
  });
  try {
    await printCheck(firefox, 'firefox', file);
    await firefoxTextCheck(firefox, file);
  } finally {
    await firefox.close();
  }
  console.log(`browser: ${pass} passed, ${fail} failed`);
  if (fail === 0 && !process.env.KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log('  renders in ' + tmp);
  process.exit(fail ? 1 : 0);
})().catch((e) => {
  console.log('FAIL: ' + (e && e.stack || e));
  process.exit(1);
});
