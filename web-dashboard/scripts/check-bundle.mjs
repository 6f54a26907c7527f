// Bundle budget: the gzipped size of everything in dist/ must stay under 500 KB.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 500 * 1024;
const dist = new URL('../dist', import.meta.url).pathname;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

let raw = 0;
let gzipped = 0;
for (const file of files(dist)) {
  const bytes = readFileSync(file);
  const gz = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gzipped += gz;
  console.log(`  ${relative(dist, file).padEnd(40)} ${(bytes.length / 1024).toFixed(1).padStart(8)} KB  ${(gz / 1024).toFixed(1).padStart(7)} KB gz`);
}
console.log(`bundle: ${(raw / 1024).toFixed(1)} KB raw, ${(gzipped / 1024).toFixed(1)} KB gzipped (budget ${BUDGET / 1024} KB gzipped)`);
if (gzipped > BUDGET) {
  console.error(`bundle budget exceeded: ${(gzipped / 1024).toFixed(1)} KB gzipped > ${BUDGET / 1024} KB`);
  process.exit(1);
}
