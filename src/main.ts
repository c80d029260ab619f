// The process: read the configuration, build the app, listen on one port, shut down gracefully on SIGTERM/SIGINT.
import { readFile } from "node:fs/promises";
import { buildApp } from "./app.js";
import { ConfigError } from "./config.js";
import { loadConfigFromSources, parseCommandLine } from "./configuration/config-sources.js";
import { helpText } from "./configuration/help.js";
import { applyMemorySettings } from "./memory-settings.js";
import { startServer } from "./gateway/listener/server.js";
import { createProcessLogger } from "./observe/process-logger.js";

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (parseCommandLine(argv).help) {
    process.stdout.write(helpText());
    return;
  }
  let config;
  try {
    config = loadConfigFromSources(argv, process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createProcessLogger(config.logLevel);
  applyMemorySettings(config.databaseUrl);
  const app = await buildApp(config, logger);
  const tls =
    config.tlsCertFile && config.tlsKeyFile
      ? { cert: await readFile(config.tlsCertFile), key: await readFile(config.tlsKeyFile) }
      : undefined;
  const server = await startServer({ port: config.port, host: config.host, tls, handler: app.handler, logger });
  logger.info({ url: server.url, database: app.database.kind, tls: Boolean(tls) }, "listening");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // /readyz turns 503 at once (change streams end now with their position, rather than at the grace period's end).
    app.drain();
    if (config.shutdownDelayMs > 0) {
      // Still accepting, so calls a balancer sends before its next readiness probe are answered, not refused.
      logger.info({ signal, delayMs: config.shutdownDelayMs }, "shutting down: not ready, still accepting calls");
      await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
    }
    logger.info({ signal, graceMs: config.shutdownGraceMs }, "shutting down: no new connections, finishing in-flight requests");
    await server.close(config.shutdownGraceMs);
    await app.close();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
