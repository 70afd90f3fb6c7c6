import { writeFileAtomic } from '../../src/main/stores/atomic-write';

/**
 * Child process for the kill test: rewrites one file as fast as it can with ever-larger JSON and prints
 * a line per completed write. The parent SIGKILLs it at an arbitrary moment.
 */
const path = process.argv[2];
if (!path) throw new Error('usage: write-loop <file>');
let round = 0;
for (;;) {
  round++;
  const conversation = {
    id: 'c1',
    round,
    messages: Array.from({ length: 50 + (round % 200) }, (_, i) => ({ i, content: `message ${i} of round ${round} `.repeat(20) })),
  };
  await writeFileAtomic(path, JSON.stringify(conversation));
  process.stdout.write(`${round}\n`);
}
