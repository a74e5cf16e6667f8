/** A script's batches: the text between lines that are exactly `GO`, empty batches dropped. */
export function splitBatches(script: string): string[] {
  const batches: string[] = [];
  let current: string[] = [];
  const flush = () => {
    const batch = current.join('\n').trim();
    if (batch !== '') batches.push(batch);
    current = [];
  };
  for (const line of script.split(/\r?\n/)) {
    if (/^\s*go\s*$/i.test(line)) flush();
    else current.push(line);
  }
  flush();
  return batches;
}
