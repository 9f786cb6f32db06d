import { join } from 'node:path';

/** With VITEST_REPORT_DIR set (CI), each package also writes a JSON report so .ci/run can print one total. */
export function reporters(packageName: string): (string | [string, Record<string, unknown>])[] {
  const dir = process.env.VITEST_REPORT_DIR;
  return dir ? ['default', ['json', { outputFile: join(dir, `${packageName}.json`) }]] : ['default'];
}
