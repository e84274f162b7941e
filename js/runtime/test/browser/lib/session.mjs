// One browser session of the suite: the local static server over the repository, Chromium, and the
// test page with its harness loaded.
//
// Contract: openSession() either resolves with everything running or cleans up what it started
// and rejects with a message that includes the page's errors. close() stops browser and server
// (in that order) and never throws for an already-closed piece. Artefacts of the package that the
// page needs are checked first, so a missing build says so instead of timing out.
import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { startStaticServer } from './static_server.mjs';
import { launchBrowser } from './browser.mjs';

export const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
export const DIST = path.join(REPO_ROOT, 'js/runtime/dist');
export const PAGE_PATH = '/js/runtime/test/browser/page/index.html';

const ARTEFACTS = ['index.js', 'worker.js', 'remotemedia_runtime.wasm', 'python311.zip'];

export async function requireDist() {
  for (const name of ARTEFACTS) {
    try {
      await access(path.join(DIST, name));
    } catch {
      throw new Error(`js/runtime/dist/${name} is missing: build the package first (scripts/build_js.sh)`);
    }
  }
}

export async function openSession({ pagePath = PAGE_PATH, waitFor = 'window.harnessReady === true' } = {}) {
  await requireDist();
  const server = await startStaticServer(REPO_ROOT);
  let browser;
  try {
    browser = await launchBrowser();
    const tab = await browser.openPage();
    await tab.page.goto(server.origin + pagePath);
    try {
      await tab.page.waitForFunction(waitFor, null, { timeout: 30_000 });
    } catch (e) {
      throw new Error(`the test page did not load: ${e.message}\n${tab.problems().join('\n')}`);
    }
    let seen = 0;
    return {
      server,
      browser,
      tab,
      page: tab.page,
      problems: tab.problems,
      // What went wrong since the last call (page errors, console errors, blocked requests).
      newProblems() {
        const all = tab.problems();
        const fresh = all.slice(seen);
        seen = all.length;
        return fresh;
      },
      // harness.call(name, method, args) in the page; see page/harness.mjs.
      call: (name, method, args = []) =>
        tab.page.evaluate(([n, m, a]) => window.harness.call(n, m, a), [name, method, args]),
      create: (name, options = {}) =>
        tab.page.evaluate(([n, o]) => window.harness.create(n, o), [name, options]),
      log: (text, cls = '') => tab.page.evaluate(([t, c]) => window.harness.log(t, c), [text, cls]),
      async close() {
        try {
          await browser.close();
        } finally {
          await server.close();
        }
      },
    };
  } catch (e) {
    await browser?.close().catch(() => {});
    await server.close();
    throw e;
  }
}

// `url` of a repository file as the page sees it.
export function repoUrl(relPath) {
  return '/' + relPath.split(path.sep).map(encodeURIComponent).join('/');
}
