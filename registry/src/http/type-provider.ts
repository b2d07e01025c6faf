// The type provider the routes use: TypeBox's for what a request carries (params, query, headers, body), so a
// handler's `req` is typed from the route's schema and no hand-written route generic can disagree with it.
// Replies stay as fastify types them without a provider: most routes declare only their error responses (a success
// schema is also a serialisation filter, so adding one changes what is sent), and TypeBox's full provider would then
// refuse every success reply. Routes that declare their success bodies use TypeBox's own (routes/status.ts).
import type { FastifyTypeProvider } from "fastify";
import type { Static, TSchema } from "typebox";

export interface RequestTypeProvider extends FastifyTypeProvider {
  validator: this["schema"] extends TSchema ? Static<this["schema"]> : unknown;
}
