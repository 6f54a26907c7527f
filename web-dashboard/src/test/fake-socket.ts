/** A WebSocket stand-in the tests drive by hand: deliver messages, drop the connection. */
export class FakeSocket {
  static all: FakeSocket[] = [];
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }

  deliver(data: object) {
    this.onmessage?.({ data: JSON.stringify(data) });
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
  }

  static latest(): FakeSocket {
    return FakeSocket.all[FakeSocket.all.length - 1];
  }
}
