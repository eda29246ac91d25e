// Resolves once the agent has registered its hosts and resumed its tasks: requests that arrive
// earlier (the NATS handlers listen before the app's bootstrap hooks run) wait for it.

export class AgentStarted {
  private resolve!: () => void;
  readonly done = new Promise<void>((resolve) => {
    this.resolve = resolve;
  });

  open(): void {
    this.resolve();
  }
}
