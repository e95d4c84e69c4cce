// Which objects one idle signed-in circuit keeps alive: opens 1 then N Chromium pages on a running
// portal (or the bare template), takes a gcdump (a full GC) after each, and writes both reports.
// Run through bench/tools/circuit-heap.sh, which starts the published app and diffs the reports.
// Usage: node circuit-heap.mjs PLAYWRIGHT_PACKAGE BASE_URL PID PAGES OUT_DIR [signin|counter]
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [packageDir, baseUrl, pid, pagesArg, outDir, mode = 'signin'] = process.argv.slice(2);
const { chromium } = createRequire(import.meta.url)(packageDir);
const pages = Number(pagesArg);
const perContext = 20;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
});

async function open(context, signIn) {
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  if (mode === 'counter') {
    await page.goto(baseUrl + '/counter', { waitUntil: 'commit' });
    for (let i = 0; i < 400; i++) {
      await page.click('button.btn-primary');
      try { await page.waitForSelector("p[role='status']:not(:text-is('Current count: 0'))", { timeout: 250 }); return page; } catch { }
    }
    throw new Error('Counter never became interactive');
  }
  if (signIn) {
    await page.goto(baseUrl + '/signin');
    await page.getByLabel('User name or email', { exact: true }).fill('benchadmin');
    await page.getByLabel('Password', { exact: true }).fill('bench admin password 1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(baseUrl + '/', { waitUntil: 'commit' });
  } else {
    await page.goto(baseUrl + '/', { waitUntil: 'commit' });
  }
  await page.waitForSelector("[data-interactive='true']");
  return page;
}

const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
const idle = () => new Promise(r => setTimeout(r, 3000));
function dump(name) {
  execFileSync('dotnet', ['gcdump', 'collect', '-p', pid, '-o', `${outDir}/${name}.gcdump`], { stdio: 'ignore' });
}

const contexts = [await browser.newContext()];
await open(contexts[0], true);
dump('warmup'); // the first dump leaves the runtime's event-pipe state behind
await idle();
const rssOne = rss();
dump('one');
for (let opened = 1; opened < pages; opened++) {
  if (opened % perContext === 0) contexts.push(await browser.newContext());
  await open(contexts.at(-1), opened % perContext === 0);
}
await idle();
const rssAll = rss();
dump('all');
console.log(`RSS ${rssOne} KB with 1 circuit, ${rssAll} KB with ${pages}: ${((rssAll - rssOne) / (pages - 1)).toFixed(0)} KB per added circuit`);
await browser.close();
