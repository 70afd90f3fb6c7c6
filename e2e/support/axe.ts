import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';

/** Impacts that fail a spec: what axe-core calls serious or critical (contrast, names, keyboard access). */
const FAILING = new Set(['serious', 'critical']);

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2.x A/AA rules and best practices) on the page as it is now, attaches the full
 * report to the test, and fails on any serious or critical violation, listing each with its targets.
 */
export async function expectNoSeriousA11yViolations(page: Page, testInfo: TestInfo, label: string): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const findings: AxeFinding[] = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 8),
  }));
  await testInfo.attach(`axe ${label}`, { body: JSON.stringify(findings, null, 2), contentType: 'application/json' });
  const failing = findings.filter((f) => FAILING.has(f.impact));
  // Soft: one run lists every page's violations, not just the first page's.
  expect.soft(failing, `axe on ${label}:\n${failing.map((f) => `- ${f.impact} ${f.id}: ${f.help}\n    ${f.targets.join('\n    ')}`).join('\n')}`).toEqual([]);
  return findings;
}
