import { Client, Events, GatewayIntentBits, Status, type Interaction } from 'discord.js';
import { createAiProviders } from './ai/createAiProviders.ts';
import { secretsOf, type Config } from './config.ts';
import { createStore } from './db/createStore.ts';
import { PdfWorkerPool } from './interview/documents/index.ts';
import { outageWhileFileExists, withInjectedOutage } from './db/withInjectedOutage.ts';
import { createLogger } from './logger.ts';
import type { CommandContext } from './commands/CommandContext.ts';
import { EvaluationRetryLoop } from './bot/EvaluationRetryLoop.ts';
import { updatePostedResults } from './bot/updatePostedResults.ts';
import { HealthServer, type HealthReport } from './bot/HealthServer.ts';
import { RuntimeStats } from './bot/RuntimeStats.ts';
import { installProcessHandlers } from './bot/installProcessHandlers.ts';
import { InterviewCoordinator } from './bot/InterviewCoordinator.ts';
import { createLiveInterviewStarter } from './bot/live/createLiveInterviewStarter.ts';
import { VoiceThreadPool } from './bot/voiceThreads/VoiceThreadPool.ts';
import { setThreadPriority, THREAD_NICE } from './util/threadPriority.ts';
import { recoverInterrupted } from './bot/recoverInterrupted.ts';
import { recoverQueue } from './bot/recoverQueue.ts';
import { StoreProbe } from './bot/StoreProbe.ts';
import { StoreWrites } from './bot/StoreWrites.ts';
import { refuseBriefly } from './commands/refuseBriefly.ts';
import { routeInteraction } from './commands/routeInteraction.ts';
import { settlesWithin } from './bot/settlesWithin.ts';
import { trustLoopbackTls } from './bot/trustLoopbackTls.ts';
import { TaskGroup } from './util/TaskGroup.ts';

/**
 * How long an interaction may wait for start-up recovery before it is told to retry: Discord
 * drops interactions not answered within 3 s.
 */
const STARTUP_WAIT_MS = 2_000;

/** A shutdown that takes longer than this is cut short (exit code 1). */
const SHUTDOWN_DEADLINE_MS = 15_000;

/** The running bot; {@link RunningBot.shutdown} is also bound to SIGTERM and SIGINT. */
export interface RunningBot {
  client: Client;
  /** Stops interviews (saved, voice left), closes everything; resolves when done. Idempotent. */
  shutdown(reason: string): Promise<void>;
}

/**
 * Wires the application: config → logger → store → AI providers → discord.js client →
 * interaction router (commands/, one error boundary) → handlers; health endpoint, start-up
 * recovery of interrupted interviews, background evaluation retries, graceful shutdown on signals.
 *
 * This is the top of src/ (with main.ts and shard.ts): it may import every layer and nothing
 * imports it but main.ts. Below it: commands/ → bot/ → db/, voice/ → interview/ → ai/ → util/
 * (see .dependency-cruiser.cjs, checked by `npm run check`).
 */
export async function startBot(config: Config, opts: { exitOnShutdown?: boolean } = {}): Promise<RunningBot> {
  const logger = createLogger({ level: config.log.level, secrets: secretsOf(config) });
  const untrustTls = config.allowInsecureTlsForTests ? trustLoopbackTls(logger) : () => undefined;
  const uninstallProcessHandlers = installProcessHandlers(logger, (reason) => {
    try {
      void shutdown(reason).finally(() => process.exit(1));
    } catch {
      process.exit(1); // before start-up defined shutdown: nothing to save yet
    }
  });

  const opened = await createStore(config, logger);
  const store = config.storeOutageFileForTests ? withInjectedOutage(opened, outageWhileFileExists(config.storeOutageFileForTests)) : opened;
  const ai = createAiProviders(config, logger);
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates],
    rest: { api: config.discord.restUrl },
  });
  // Under the ShardingManager every shard is a process on the same host: shard n listens on HEALTH_PORT + n.
  const firstShard = Array.isArray(client.options.shards) ? (client.options.shards[0] ?? 0) : 0;
  // Writes journaled at the last shutdown reach the store before anything else happens.
  const writes = new StoreWrites(store, { dataDir: config.storage.dataDir, shardId: firstShard, logger });
  await writes.replay();

  // The interviews' work goes before the rest of the machine where allowed (root or CAP_SYS_NICE).
  if (setThreadPriority(THREAD_NICE.main)) logger.info({ nice: THREAD_NICE.main }, 'main thread runs at a raised priority');
  // The interviews' audio runs in voice threads (VOICE_THREADS; 0 keeps it on this thread).
  const voiceThreads = config.voice.threads > 0 ? new VoiceThreadPool({ threads: config.voice.threads, logger, allowInsecureTlsForTests: config.allowInsecureTlsForTests }) : null;
  const coordinator = new InterviewCoordinator({
    logger,
    store,
    startInterview: createLiveInterviewStarter({
      client,
      config,
      logger,
      store: writes.store,
      pendingWrites: writes.queue,
      llm: ai.llm,
      stt: ai.stt,
      tts: ai.tts,
      ...(voiceThreads ? { openVoice: voiceThreads.open } : {}),
    }),
  });
  // One worker per PDF, at most PDF_WORKERS at once; an idle pool holds no threads, so nothing to close.
  const pdfPool = new PdfWorkerPool({ maxWorkers: config.documents.pdfWorkers });
  const ctx: CommandContext = { config, store, logger, coordinator, pdfPool };
  const storeProbe = new StoreProbe(store, logger);

  let state: 'starting' | 'ready' | 'stopping' = 'starting';
  let retryLoop: EvaluationRetryLoop | null = null;
  const tasks = new TaskGroup((task, err) => logger.error({ err, task }, 'background task failed'));

  // Interviews left in progress must be marked interrupted before new ones can start, so
  // interactions wait for this (it is one query; telling the candidates runs afterwards).
  let markRecovered!: () => void;
  const recovered = new Promise<void>((resolve) => (markRecovered = resolve));

  client.once(Events.ClientReady, (ready) => {
    logger.info({ guilds: ready.guilds.cache.size, shards: ready.shard?.ids ?? [0] }, 'connected to Discord');
    void tasks.spawn('recover interrupted', () =>
      recoverInterrupted(ready, store, logger, markRecovered)
        .then((n) => {
          if (n > 0) logger.info({ count: n }, 'marked interrupted interviews');
        })
        .finally(() => {
          markRecovered();
          if (state === 'starting') state = 'ready';
        }),
    );
    void tasks.spawn('recover queue', () =>
      recoverQueue(ready, store, logger).then((n) => {
        if (n > 0) logger.info({ count: n }, 'told queued candidates about the restart');
      }),
    );
    // One shard runs the retries: the unscored list is not split by guild.
    if (!ready.shard || ready.shard.ids.includes(0)) retryLoop = new EvaluationRetryLoop({ store, llm: ai.llm, logger, intervalMs: config.interview.evaluationRetryIntervalMs, onRescored: updatePostedResults({ store, channels: ready.channels, logger }) });
  });
  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    if (state === 'stopping') {
      void tasks.spawn('refuse', () => refuseBriefly(interaction, 'I am restarting right now; please try again in a minute.'));
      return;
    }
    void tasks.spawn('interaction', () =>
      settlesWithin(recovered, STARTUP_WAIT_MS).then((ready) =>
        ready ? routeInteraction(interaction, ctx) : refuseBriefly(interaction, 'I am still starting up; please try again in a few seconds.'),
      ),
    );
  });
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  client.on(Events.ShardDisconnect, (event, shardId) => logger.warn({ code: event.code, shardId }, 'gateway disconnected'));

  const report = async (): Promise<HealthReport> => {
    const discord = client.isReady() && client.ws.shards.size > 0 && client.ws.shards.every((s) => s.status === Status.Ready);
    const db = state === 'stopping' ? false : await storeProbe.ok();
    const status = state === 'stopping' ? 'stopping' : state === 'starting' ? 'starting' : discord && db ? 'ok' : 'degraded';
    return { status, discord, db, activeInterviews: coordinator.activeInterviews, interviews: coordinator.voiceHealth() };
  };
  const healthPort = config.health.port > 0 ? config.health.port + firstShard : 0;
  // Event-loop delay, CPU and memory on /health (`runtime`): how close this process is to its capacity.
  const runtime = healthPort > 0 ? new RuntimeStats().start() : null;
  const health = healthPort > 0 ? await HealthServer.start({ host: config.health.host, port: healthPort, report, logger, aiHealth: ai.health, ...(runtime ? { runtime } : {}) }) : null;
  if (health) logger.info({ host: config.health.host, port: health.port }, 'health endpoint listening');

  let shuttingDown: Promise<void> | null = null;
  const shutdown = (reason: string): Promise<void> => {
    shuttingDown ??= (async () => {
      state = 'stopping';
      markRecovered(); // interactions still waiting for start-up are answered (the coordinator refuses them)
      logger.info({ reason, activeInterviews: coordinator.activeInterviews }, 'shutting down');
      const deadline = setTimeout(() => {
        logger.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown took too long; exiting anyway');
        writes.journalNow();
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS);
      deadline.unref();
      await coordinator.close().catch((err: unknown) => logger.error({ err }, 'stopping interviews failed'));
      await voiceThreads?.close();
      await (retryLoop as EvaluationRetryLoop | null)?.close();
      await tasks.drain();
      // The interviews' last writes are queued now: flush briefly, journal the rest (before the store closes).
      await writes.close();
      await health?.close();
      runtime?.close();
      await client.destroy();
      await store.close().catch((err: unknown) => logger.error({ err }, 'closing the store failed'));
      untrustTls();
      uninstallProcessHandlers();
      clearTimeout(deadline);
      logger.info('shutdown complete');
      logger.flush();
    })();
    return shuttingDown;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    void shutdown(signal).then(() => {
      if (opts.exitOnShutdown ?? true) process.exit(0);
    });
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  try {
    await client.login(config.discord.token);
  } catch (err) {
    logger.fatal({ err }, 'could not log in to Discord (check DISCORD_TOKEN and DISCORD_REST_URL)');
    await shutdown('login failed');
    throw err;
  }
  return { client, shutdown };
}
