// The breaker on a hand-driven clock: after a failure, commands fail at once for the window (the command is not even
// called); then exactly one trial goes through while others still fail fast; the trial's success closes it.
import { describe, expect, it, vi } from "vitest";
import { RedisBreaker, RedisUnavailableError, SLOW_IN_A_ROW } from "./redis-breaker.js";

describe("RedisBreaker", () => {
  const setup = () => {
    const clock = { now: 1_000 };
    const events = { onOpen: vi.fn(), onClose: vi.fn() };
    const breaker = new RedisBreaker(5_000, events, () => clock.now);
    return { clock, events, breaker };
  };
  const failing = () => Promise.reject(new Error("Command timed out"));

  it("passes commands through while Redis answers", async () => {
    const { breaker, events } = setup();
    await expect(breaker.run(async () => "PONG")).resolves.toBe("PONG");
    expect(breaker.state).toBe("closed");
    expect(events.onOpen).not.toHaveBeenCalled();
  });

  it("after one failure skips Redis for the window: no command is sent, each caller fails at once", async () => {
    const { breaker, events, clock } = setup();
    await expect(breaker.run(failing)).rejects.toThrow("Command timed out");
    expect(breaker.state).toBe("open");
    expect(events.onOpen).toHaveBeenCalledTimes(1);
    const command = vi.fn(async () => "PONG");
    clock.now += 4_999;
    for (let i = 0; i < 100; i++)
      await expect(breaker.run(command)).rejects.toBeInstanceOf(RedisUnavailableError);
    expect(command).not.toHaveBeenCalled();
    expect(events.onOpen).toHaveBeenCalledTimes(1); // one log line per outage, not per request
  });

  it("lets one trial through per window; others fail fast meanwhile; a failed trial opens a new window", async () => {
    const { breaker, clock, events } = setup();
    await expect(breaker.run(failing)).rejects.toThrow();
    clock.now += 5_000;
    let release!: (v: string) => void;
    const trial = breaker.run(() => new Promise<string>((r) => (release = r)));
    const other = vi.fn(async () => "PONG");
    await expect(breaker.run(other)).rejects.toBeInstanceOf(RedisUnavailableError);
    expect(other).not.toHaveBeenCalled();
    release("PONG");
    await expect(trial).resolves.toBe("PONG");
    expect(breaker.state).toBe("closed");
    expect(events.onClose).toHaveBeenCalledTimes(1);

    await expect(breaker.run(failing)).rejects.toThrow();
    clock.now += 5_000;
    await expect(breaker.run(failing)).rejects.toThrow("Command timed out"); // the trial, failing
    clock.now += 4_000;
    await expect(breaker.run(other)).rejects.toBeInstanceOf(RedisUnavailableError);
    expect(events.onOpen).toHaveBeenCalledTimes(2);
  });
});

describe("RedisBreaker and a Redis answering slowly (red team: DEBUG SLEEP, not frozen)", () => {
  it("a command slower than the bound keeps its answer but opens the breaker: the next ones fall back at once", async () => {
    const clock = { now: 1_000 };
    const events = { onOpen: vi.fn(), onClose: vi.fn() };
    const breaker = new RedisBreaker(
      5_000,
      events,
      () => clock.now,
      () => false,
      250,
    );
    const slow = async () => {
      clock.now += 400; // the command took 400 ms of the hand-driven clock
      return "PONG";
    };
    for (let i = 1; i < SLOW_IN_A_ROW; i++) await expect(breaker.run(slow)).resolves.toBe("PONG");
    expect(breaker.state).toBe("closed"); // one slow answer (a GC pause) is not an outage
    await expect(breaker.run(slow)).resolves.toBe("PONG");
    expect(breaker.state).toBe("open");
    expect(events.onOpen).toHaveBeenCalledTimes(1);
    expect(String(breaker.lastError)).toContain("slower than 250 ms");
    const command = vi.fn(async () => "PONG");
    await expect(breaker.run(command)).rejects.toBeInstanceOf(RedisUnavailableError);
    expect(command).not.toHaveBeenCalled();
    // After the window a fast answer closes it again.
    clock.now += 5_000;
    await expect(breaker.run(async () => "PONG")).resolves.toBe("PONG");
    expect(breaker.state).toBe("closed");
  });

  it("commands within the bound, or slow ones not in a row, leave it closed", async () => {
    const clock = { now: 1_000 };
    const breaker = new RedisBreaker(
      5_000,
      {},
      () => clock.now,
      () => false,
      250,
    );
    for (const ms of [100, 400, 400, 10, 400, 400, 100])
      await breaker.run(async () => {
        clock.now += ms;
        return "PONG";
      });
    expect(breaker.state).toBe("closed");
  });
});
