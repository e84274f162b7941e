// Headless Debian Chromium for the browser suite and the benchmark, driven by playwright-core.
//
// Contract:
// - launchBrowser() starts /usr/bin/chromium (or $CHROMIUM) with a fresh user-data-dir made by
//   mkdtemp; close() closes the browser and removes that directory, whatever state it is in.
// - Every request that does not go to 127.0.0.1 is aborted before it leaves the browser (the
//   context's route covers pages and their dedicated workers); each such URL is recorded in
//   `blocked`, so a test can fail on it rather than on a consequence of it.
// - openPage() collects, for that page and every dedicated worker it starts, uncaught errors
//   (`pageerror`, worker errors), console messages of type error, crashes, and every console line
//   (`consoleLines`, for diagnosis). problems() lists, in order, what a test must fail on.
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function isLocal(url) {
  try {
    const u = new URL(url);
    if (u.protocol === 'data:' || u.protocol === 'blob:') return true;
    return (u.protocol === 'http:' || u.protocol === 'ws:') && u.hostname === '127.0.0.1';
  } catch {
    return false;
  }
}

export async function launchBrowser() {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'rm-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1000, height: 700 },
    });
  } catch (e) {
    await rm(userDataDir, { recursive: true, force: true });
    throw e;
  }
  const blocked = [];
  // Everything a test must fail on, in the order it happened, across the context's pages.
  const problems = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    blocked.push(url);
    problems.push(`blocked non-local request: ${url}`);
    return route.abort('blockedbyclient');
  });
  // A persistent context opens with one blank page; close it so every page is ours.
  for (const p of context.pages()) await p.close();

  return {
    context,
    blocked,
    problems,
    async openPage() {
      const page = await context.newPage();
      const errors = [];
      const consoleLines = [];
      const fail = (line) => {
        errors.push(line);
        problems.push(line);
      };
      // The page's console event also carries its dedicated workers' messages (msg.worker()).
      page.on('console', (msg) => {
        const worker = msg.worker?.();
        const line = `[${worker ? `worker ${worker.url()}` : 'page'}] ${msg.type()}: ${msg.text()}`;
        consoleLines.push(line);
        if (msg.type() === 'error') fail(line);
      });
      page.on('pageerror', (e) => fail(`[page] uncaught: ${e.stack ?? e.message}`));
      page.on('crash', () => fail('[page] crashed'));
      return {
        page,
        errors,
        consoleLines,
        // Every error of the browser's pages and every blocked request, in order.
        problems: () => [...problems],
      };
    },
    async close() {
      try {
        await context.close();
      } finally {
        await rm(userDataDir, { recursive: true, force: true });
      }
    },
  };
}
