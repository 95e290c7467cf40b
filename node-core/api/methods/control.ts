// Control methods: uptime, stop (the host shuts down after the reply is sent) and help, which is built
// from the method table itself so it can never disagree with what the table accepts.
import { ApiError } from "../errors.js";
import { defineMethod, type Method } from "../method.js";
import { text } from "../schemas.js";

export function controlMethods() {
  return [
    defineMethod({
      name: "uptime",
      summary: "seconds since this node started",
      params: {},
      paramHelp: {},
      result: "number",
      handler: ({ api }) => Math.max(0, Math.floor((api.ctx.clock.now() - api.ctx.startedAt) / 1000)),
    }),
    defineMethod({
      name: "stop",
      summary: "shuts the node down (after this reply)",
      params: {},
      paramHelp: {},
      result: "a message",
      handler({ api, afterReply }) {
        afterReply(() => api.ctx.requestStop());
        return "TIME Coin server stopping";
      },
    }),
    defineMethod({
      name: "help",
      summary: "every method with one line each, or one method in detail",
      params: { command: text(64).optional() },
      paramHelp: { command: "a method name" },
      result: "text",
      handler({ api }, { command }) {
        const { table } = api;
        if (command === undefined) {
          return [...table.values()]
            .map((m) => `${usage(m)}\n    ${m.summary}`)
            .sort()
            .join("\n");
        }
        const method = table.get(command);
        if (method === undefined) throw new ApiError("API_MISC_ERROR", `help: unknown command: ${command}`);
        const lines = [usage(method), "", method.summary];
        if (method.paramNames.length > 0) {
          lines.push("", "Arguments:");
          method.paramNames.forEach((name, i) => {
            const kind = method.optional.has(name) ? "optional" : "required";
            lines.push(`${i + 1}. ${name} (${kind}): ${method.paramHelp[name] ?? ""}`);
          });
        }
        lines.push("", `Result: ${method.result}`);
        return lines.join("\n");
      },
    }),
  ];
}

function usage(method: Method): string {
  const args = method.paramNames.map((name) =>
    method.optional.has(name) ? `( ${name} )` : name.toUpperCase(),
  );
  return [method.name, ...args].join(" ");
}
