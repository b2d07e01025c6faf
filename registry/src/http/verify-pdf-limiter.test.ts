// UploadGate: at most running + queue uploads admitted, at most `running` at work, the rest served in arrival order;
// a place given back twice counts once.
import { describe, expect, it } from "vitest";
import { UploadGate } from "./verify-pdf-limiter.js";

/** A promise and its resolver, to hold a piece of work open. */
function held() {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { done, release };
}

describe("UploadGate", () => {
  it("admits running + queue, refuses the next, and admits again once a place is given back (once)", () => {
    const gate = new UploadGate(2, 1);
    const tickets = [gate.admit(), gate.admit(), gate.admit()];
    expect(tickets.every((t) => t !== null)).toBe(true);
    expect(gate.admit()).toBeNull();
    expect(gate.retryAfterSeconds()).toBeGreaterThanOrEqual(1);
    tickets[0]!.release();
    tickets[0]!.release();
    expect(gate.admitted).toBe(2);
    expect(gate.admit()).not.toBeNull();
    expect(gate.admit()).toBeNull();
  });

  it("runs `running` at once and the waiting ones in the order they came", async () => {
    const gate = new UploadGate(1, 2);
    const order: string[] = [];
    const first = held();
    const a = gate.admit()!.run(async () => {
      order.push("a start");
      await first.done;
      order.push("a end");
    });
    const b = gate.admit()!.run(async () => {
      order.push("b");
    });
    const c = gate.admit()!.run(async () => {
      order.push("c");
    });
    await Promise.resolve();
    expect(order).toEqual(["a start"]);
    first.release();
    await Promise.all([a, b, c]);
    expect(order).toEqual(["a start", "a end", "b", "c"]);
  });

  it("frees the slot when the work fails", async () => {
    const gate = new UploadGate(1, 0);
    const t = gate.admit()!;
    await expect(t.run(async () => Promise.reject(new Error("bad PDF")))).rejects.toThrow("bad PDF");
    t.release();
    const next = gate.admit()!;
    await expect(next.run(async () => "ran")).resolves.toBe("ran");
  });
});

describe("UploadGate per client address", () => {
  it("counts each address's admitted uploads apart and gives them back on release", () => {
    const gate = new UploadGate(2, 6);
    expect(gate.perAddress).toBe(2);
    const a1 = gate.admit("10.0.0.1")!;
    gate.admit("10.0.0.1");
    expect(gate.heldBy("10.0.0.1")).toBe(2);
    expect(gate.heldBy("10.0.0.2")).toBe(0);
    expect(gate.admit("10.0.0.2")).not.toBeNull();
    a1.release();
    a1.release();
    expect(gate.heldBy("10.0.0.1")).toBe(1);
  });
});
