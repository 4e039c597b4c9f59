// Reads all of stdin: how commands take secrets (values, passwords), which must never be arguments
// that other users of the machine can see in the process list.
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
