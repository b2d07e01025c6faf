// The MongoDB store runs the shared contract when MONGODB_URL points at a replica set (or mongos);
// each store gets its own throw-away database, dropped at the end.
import { randomBytes } from "node:crypto";
import { MongoClient } from "mongodb";
import { afterAll, describe, it } from "vitest";
import { connectMongoStore } from "../../src/store/mongo-store.js";
import { describeStoreContract } from "./store-contract.js";

const url = process.env.MONGODB_URL;

if (url) {
  const created: string[] = [];
  const runId = `${process.pid}_${randomBytes(3).toString("hex")}`;

  describeStoreContract("mongodb", async () => {
    const dbName = `elicence_test_${runId}_${created.length + 1}`;
    created.push(dbName);
    return connectMongoStore(url, dbName);
  });

  afterAll(async () => {
    const client = await MongoClient.connect(url);
    try {
      for (const dbName of created) await client.db(dbName).dropDatabase();
    } finally {
      await client.close();
    }
  });
} else {
  console.warn(
    "mongo-store tests skipped: MONGODB_URL is not set (point it at a replica set, e.g. mongodb://localhost:27017/?replicaSet=rs0)",
  );
  describe.skip("store contract: mongodb (MONGODB_URL not set)", () => {
    it("runs the store contract against MongoDB", () => {});
  });
}
