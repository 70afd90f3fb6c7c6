/** A deliberately simple SSE reader for the mock tests: it proves the mocks' bytes follow the format. */
export interface NaiveEvent {
  event?: string;
  data: string;
}

export function parseSseText(text: string): NaiveEvent[] {
  const events: NaiveEvent[] = [];
  for (const block of text.replace(/\r\n|\r/g, '\n').split('\n\n')) {
    const lines = block.split('\n').filter((l) => l !== '' && !l.startsWith(':'));
    if (lines.length === 0) continue;
    const event: NaiveEvent = { data: '' };
    const data: string[] = [];
    for (const line of lines) {
      if (line.startsWith('event: ')) event.event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    event.data = data.join('\n');
    events.push(event);
  }
  return events;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** Response.json() is typed unknown; these tests poke at known wire shapes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function jsonOf(res: Response): Promise<any> {
  return res.json();
}
