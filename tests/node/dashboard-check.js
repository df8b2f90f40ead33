// dashboard-check.js: opens pepkit's dashboard.html in Debian's chromium (headless, through
// puppeteer-core) and checks it against the qa-report.csv written beside it. Prints TAP-style
// "ok - ..." / "not ok - ..." lines (tests/run.sh counts them).
//   node dashboard-check.js DASHBOARD.html QA-REPORT.csv SCREENSHOT.png
//   node dashboard-check.js --bench DASHBOARD.html   (prints load and filter times only)
'use strict';
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
let failures = 0;
function ok(cond, desc, extra) {
  if (cond) console.log('ok - ' + desc);
  else { failures++; console.log('not ok - ' + desc + (extra ? ' (' + extra + ')' : '')); }
}

// RFC 4180 CSV (every field quoted by pepkit's writer, but parse generally).
function parseCsv(text) {
  const rows = []; let row = [], f = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"') { if (text[i + 1] === '"') { f += '"'; i++; } else q = false; }
      else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(f); f = ''; }
    else if (c === '\n') { row.push(f); rows.push(row); row = []; f = ''; }
    else if (c !== '\r') f += c;
  }
  if (f !== '' || row.length) { row.push(f); rows.push(row); }
  const head = rows.shift();
  return rows.map(r => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

async function open(file) {
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const errors = [], requests = [];
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', e => errors.push(String(e)));
  page.on('requestfailed', r => errors.push('request failed: ' + r.url()));
  const url = 'file://' + path.resolve(file);
  page.on('request', r => { if (r.url() !== url) requests.push(r.url()); });
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
  const loadMs = Date.now() - t0;
  return { browser, page, errors, requests, loadMs };
}

async function bench(file) {
  const { browser, page, loadMs } = await open(file);
  const paint = await page.evaluate(() => {
    const p = performance.getEntriesByName('first-contentful-paint')[0];
    return p ? Math.round(p.startTime) : -1;
  });
  const ready = await page.evaluate(() => +document.body.getAttribute('data-ready-ms'));
  const filterMs = await page.evaluate(() => {
    const s = document.getElementById('f-school'), t0 = performance.now();
    s.value = s.options[1].value; s.dispatchEvent(new Event('change'));
    const k = document.getElementById('f-late'); k.checked = true; k.dispatchEvent(new Event('change'));
    document.querySelector('#children th[data-k="1"] button').click();
    return Math.round((performance.now() - t0) / 3);
  });
  console.log(`dashboard: ${(fs.statSync(file).size / 1048576).toFixed(1)} MB; first contentful paint ${paint} ms, ` +
              `table drawn ${ready} ms after navigation start (${loadMs} ms with the browser's own start); ` +
              `filter or sort ${filterMs} ms`);
  await browser.close();
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === '--bench') return bench(argv[1]);
  const [file, csvFile, shot] = argv;
  const rows = parseCsv(fs.readFileSync(csvFile, 'utf8'));
  const { browser, page, errors, requests } = await open(file);
  try {
    ok(errors.length === 0, 'page loads with no console errors', errors.join(' | '));
    ok(requests.length === 0, 'page makes no network requests', requests.join(' '));
    const marking = await page.$eval('body > .marking', e => e.textContent);
    ok(marking === 'OFFICIAL-SENSITIVE', 'OFFICIAL-SENSITIVE is the first thing on the page');

    // KPIs against the CSV
    const kpi = async id => +(await page.$eval('#kpi-' + id, e => e.getAttribute('data-value')));
    const rated = rows.filter(r => r.status === 'rated');
    ok(await kpi('children') === rows.length, 'children KPI equals the rows of qa-report.csv', `${await kpi('children')} vs ${rows.length}`);
    ok(await kpi('rated') === rated.length, 'rated KPI equals the rated rows');
    for (const g of ['red', 'amber', 'green', 'gold'])
      ok(await kpi(g) === rated.filter(r => r['pre-check rating'] === g).length, `${g} KPI equals the CSV's ${g} rows`);
    ok(await kpi('late') === rows.filter(r => +r['late or missing items'] > 0).length, 'late KPI equals the CSV rows with late or missing items');
    ok(await kpi('confirmed') === rows.filter(r => r['adviser rating'] !== '').length, 'confirmed KPI equals the CSV rows with an adviser rating');
    const matching = async () => +(await page.$eval('#status', e => e.getAttribute('data-matching')));
    ok(await matching() === rows.length, 'the table starts with every child');

    // filter by school
    const schools = await page.$$eval('#f-school option', os => os.map(o => o.value).filter(v => v));
    const school = schools[schools.length > 1 ? 1 : 0];
    await page.select('#f-school', school);
    const shownSchools = await page.$$eval('#children tbody tr td:nth-child(3)', tds => tds.map(t => t.textContent));
    ok(shownSchools.length > 0 && shownSchools.every(s => s === school), 'a filter by school shows only that school\'s children', school);
    ok(await matching() === rows.filter(r => r.school === school && r.status !== 'invalid' && r.status !== 'unreadable').length,
       'the school filter\'s count equals the CSV rows for that school');
    await page.select('#f-school', '');
    // filter by rating and late
    await page.select('#f-rating', 'amber');
    ok(await matching() === rated.filter(r => r['pre-check rating'] === 'amber').length, 'the rating filter matches the CSV');
    await page.select('#f-rating', '');
    await page.click('#f-late');
    ok(await matching() === rows.filter(r => +r['late or missing items'] > 0).length, 'the "late" filter matches the CSV');
    await page.click('#f-late');

    // sorting, by keyboard: focus the Late heading's button and press Enter
    await page.focus('#children th[data-k="7"] button');
    await page.keyboard.press('Enter');
    let late = await page.$$eval('#children tbody tr td:nth-child(8)', tds => tds.map(t => +t.textContent));
    ok(late.length > 1 && late.every((v, i) => i === 0 || late[i - 1] <= v), 'Enter on a heading sorts ascending');
    ok(await page.$eval('#children th[data-k="7"]', e => e.getAttribute('aria-sort')) === 'ascending', 'aria-sort says ascending');
    await page.keyboard.press('Enter');
    late = await page.$$eval('#children tbody tr td:nth-child(8)', tds => tds.map(t => +t.textContent));
    ok(late.every((v, i) => i === 0 || late[i - 1] >= v), 'a second Enter sorts descending');
    const max = Math.max(...rows.map(r => +r['late or missing items'] || 0));
    ok(late[0] === max, 'the first row after sorting descending has the most late items', `${late[0]} vs ${max}`);
    await page.click('#children th[data-k="1"] button');
    const names = await page.$$eval('#children tbody tr td:nth-child(2)', tds => tds.map(t => t.textContent.toLowerCase()));
    ok(names.every((v, i) => i === 0 || names[i - 1] <= v), 'a click on Name sorts by name');

    // accessibility: axe-core, WCAG 2.0/2.1 A and AA
    await page.addScriptTag({ content: fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
    const res = await page.evaluate(() => axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
    ok(res.violations.length === 0, 'axe-core finds no WCAG 2.1 AA violations',
       res.violations.map(v => v.id + ': ' + v.nodes.length + ' nodes ' + v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', ')).join('; '));
    ok(res.passes.length > 10, 'axe-core ran its rules', String(res.passes.length));

    await page.click('#children th[data-k="7"] button');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.setViewport({ width: 1280, height: 1400 });
    await page.screenshot({ path: shot, fullPage: false });
    ok(fs.statSync(shot).size > 10000, 'screenshot saved', shot);
    ok(errors.length === 0, 'no console errors after using the page', errors.join(' | '));
  } finally {
    await browser.close();
  }
  process.exitCode = failures ? 1 : 0;
}

main().catch(e => { console.log('not ok - browser test could not run: ' + e.message); process.exitCode = 1; });
