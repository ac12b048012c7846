import { Conditions } from './Conditions.ts';
import { createFixtures, newSnowflake, type FixtureGuilds, type FixtureUsers } from './fixtures.ts';
import { Gateway } from './Gateway.ts';
import { modalSubmit } from './modals.ts';
import { autocompletePayload, componentUse, slashCommandPayload, type SlashCommandInput } from './interactionPayloads.ts';
import { InteractionRegistry, type InteractionRecord } from './InteractionRegistry.ts';
import { buttonsIn, MessageLog, type AttachmentRecord, type MessageRecord } from './MessageLog.ts';
import type { Json } from './payloads.ts';
import type { RestContext } from './RestContext.ts';
import { restRoutes } from './restRoutes.ts';
import { RestServer, type RestCall, type RestFault } from './RestServer.ts';
import { LocalDiscordVoiceDriver } from './LocalDiscordVoiceDriver.ts';
import { VoiceHub, type VoiceHubOptions } from './VoiceHub.ts';
import { VoiceStates } from './VoiceStates.ts';
import type { World } from './World.ts';

export interface LocalDiscordOptions {
  /** Gateway heartbeat interval sent in Hello (Discord: 41250). */
  gatewayHeartbeatIntervalMs?: number;
  /** Discord refuses interaction callbacks after 3 s. */
  interactionAckTimeoutMs?: number;
  /** Command definitions registered globally from the start (else the bot's PUT registers them). */
  commands?: Json[];
  /** Timeout of every wait helper unless given (default 10 s). */
  defaultTimeoutMs?: number;
  voice?: VoiceHubOptions;
  /** Discord's global limit on the bot's requests (default 50 per second; 0 turns it off). */
  globalRequestsPerSecond?: number;
}

/**
 * A local Discord on loopback for the real discord.js client and @discordjs/voice: REST and
 * gateway on one port, voice gateways (wss) and UDP, plus the driver API tests use.
 * Start with {@link startLocalDiscord}; always `await close()`.
 */
export class LocalDiscord extends LocalDiscordVoiceDriver {
  /** Give this to discord.js: `new Client({ rest: { api: restUrl } })` (ends with /api). */
  restUrl = '';
  readonly token: string;
  readonly applicationId: string;
  readonly users: FixtureUsers;
  readonly guilds: FixtureGuilds;
  readonly world: World;
  readonly messages: MessageLog;
  readonly interactions: InteractionRegistry;
  /** Registered application commands: key 'global' or a guild id. */
  readonly commands = new Map<string, Json[]>();
  readonly attachments = new Map<string, AttachmentRecord>();
  /** Problems inside the stand-in (e.g. an op the bot sent for an unknown guild). Tests may assert it stays empty. */
  readonly errors: string[] = [];
  readonly gateway: Gateway;
  readonly voice: VoiceHub;
  readonly voiceStates: VoiceStates;
  readonly #conditions = new Conditions();
  readonly #rest: RestServer;
  protected readonly defaultTimeoutMs: number;
  readonly #ctx: RestContext;
  #port = 0;

  constructor(opts: LocalDiscordOptions = {}) {
    super();
    const { world, users, guilds } = createFixtures();
    this.world = world;
    this.users = users;
    this.guilds = guilds;
    this.token = world.botToken;
    this.applicationId = world.applicationId;
    this.defaultTimeoutMs = opts.defaultTimeoutMs ?? 10_000;
    if (opts.commands) this.commands.set('global', opts.commands);
    const notify = (): void => this.#conditions.notify();
    this.messages = new MessageLog((f) => this.registerAttachment(f), notify);
    this.interactions = new InteractionRegistry(opts.interactionAckTimeoutMs ?? 3000);
    const gatewayUrl = (): string => `ws://127.0.0.1:${this.#port}/gateway`;
    const ctx: RestContext = { world, messages: this.messages, interactions: this.interactions, commands: this.commands, gatewayUrl, notify };
    this.#ctx = ctx;
    this.#rest = new RestServer({ routes: restRoutes(ctx), token: world.botToken, attachments: this.attachments, onCall: notify, globalRequestsPerSecond: opts.globalRequestsPerSecond });
    this.voice = new VoiceHub(world, opts.voice ?? {}, notify, (e) => this.errors.push(e));
    this.gateway = new Gateway({
      world, heartbeatIntervalMs: opts.gatewayHeartbeatIntervalMs ?? 41_250, url: gatewayUrl, onChange: notify,
      onIdentify: (session, guildIds) => {
        for (const g of guildIds) this.voiceStates.dropStaleBotState(g, session.id);
      },
      onVoiceStateRequest: (req) => {
        try {
          this.voiceStates.onBotRequest(req);
        } catch (error) {
          this.errors.push(String(error));
        }
      },
    });
    this.voiceStates = new VoiceStates(world, this.gateway, this.voice);
    this.voice.attach(this.voiceStates);
    this.#rest.server.on('upgrade', (req, socket, head) => {
      if ((req.url ?? '').startsWith('/gateway')) this.gateway.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
  }

  async start(): Promise<this> {
    this.#port = await this.#rest.listen();
    this.restUrl = `http://127.0.0.1:${this.#port}/api`;
    await this.voice.start();
    return this;
  }

  /** Every REST call the bot made, in order. */
  get restCalls(): RestCall[] {
    return this.#rest.calls;
  }

  /** Requests refused by the global rate limit (429, global) so far. */
  get globalRateLimited(): number {
    return this.#rest.globalLimit.refused;
  }

  /** REST calls that matched no route (answered 404): should stay empty. */
  unexpectedCalls(): RestCall[] {
    return this.#rest.calls.filter((c) => c.route === null);
  }

  registerAttachment(file: { filename: string; contentType: string; bytes: Buffer; description?: string }): AttachmentRecord {
    const id = newSnowflake();
    const record: AttachmentRecord = { id, ...file, url: `http://127.0.0.1:${this.#port}/attachments/${id}/${encodeURIComponent(file.filename)}` };
    this.attachments.set(id, record);
    return record;
  }

  /** Resolves once the bot has identified and received its guilds (all shards when count is given). */
  waitForBotReady(opts: { shardCount?: number; timeoutMs?: number } = {}): Promise<void> {
    return this.#conditions.waitFor(
      () => (this.gateway.live().length >= (opts.shardCount ?? 1) ? true : undefined),
      opts.timeoutMs ?? this.defaultTimeoutMs, 'the bot to identify on the gateway',
    ).then(() => undefined);
  }

  /** Runs a slash command as a user (dispatches INTERACTION_CREATE); returns the live record. */
  runSlashCommand(input: SlashCommandInput): InteractionRecord {
    const { id, token, payload } = slashCommandPayload(this.world, this.commands, input, (f) => this.registerAttachment(f));
    return this.#dispatchInteraction({
      id, token, type: 2, guildId: input.guildId, channelId: input.channelId, userId: input.userId, commandName: input.command,
      ...(input.subcommand ? { subcommand: input.subcommand } : {}), payload,
    });
  }

  /** Clicks a button on a message the bot posted, as a user. Throws if there is no such enabled button. */
  clickButton(input: { messageId: string; customId: string; userId: string }): InteractionRecord {
    return this.#useComponent(input);
  }

  /** Chooses values in a select menu on a message the bot posted, as a user; throws for what Discord's client would not allow. */
  chooseFromSelect(input: { messageId: string; customId: string; userId: string; values: string[] }): InteractionRecord {
    return this.#useComponent(input, input.values);
  }

  /** A user types `typed` into an autocomplete option (INTERACTION_CREATE type 4; answered with callback type 8). */
  autocomplete(input: SlashCommandInput & { focused: string; typed: string }): InteractionRecord {
    const { id, token, payload } = autocompletePayload(this.world, this.commands, input);
    return this.#dispatchInteraction({
      id, token, type: 4, guildId: input.guildId, channelId: input.channelId, userId: input.userId, commandName: input.command, ...(input.subcommand ? { subcommand: input.subcommand } : {}), payload,
    });
  }

  /**
   * Submits the modal the bot showed in answer to interaction `shownBy` (callback type 9), as the
   * member it was shown to; inputs not given keep their prefilled value. Throws for what
   * Discord's client would not allow (see {@link modalSubmit}).
   */
  submitModal(input: { shownBy: string; userId: string; values: Record<string, string> }): InteractionRecord {
    const shownBy = this.interactions.byId(input.shownBy);
    if (!shownBy) throw new Error(`local Discord: no interaction ${input.shownBy}`);
    return this.#dispatchInteraction(modalSubmit(this.world, shownBy, input));
  }

  #useComponent(input: { messageId: string; customId: string; userId: string }, values?: string[]): InteractionRecord {
    return this.#dispatchInteraction(componentUse(this.#ctx, input, values));
  }

  /** Custom ids of the buttons on a message. */
  buttonsOf(message: MessageRecord): string[] {
    return buttonsIn(message.components).map((b) => String(b.custom_id));
  }

  /** Waits until the bot acknowledged an interaction (first callback). */
  waitForInteractionResponse(interactionId: string, timeoutMs = this.defaultTimeoutMs): Promise<InteractionRecord> {
    return this.#conditions.waitFor(() => {
      const i = this.interactions.byId(interactionId);
      return i && i.callbacks.length > 0 ? i : undefined;
    }, timeoutMs, `a response to interaction ${interactionId}`);
  }

  /** Waits for a message (in its current state, edits applied) matching the predicate; existing ones count. */
  waitForMessage(predicate: (m: MessageRecord) => boolean, timeoutMs = this.defaultTimeoutMs): Promise<MessageRecord> {
    return this.#conditions.waitFor(() => this.messages.messages.find((m) => !m.deleted && predicate(m)), timeoutMs, 'a matching message');
  }

  /** Waits for an edit of a message after which the predicate holds. */
  waitForEdit(messageId: string, predicate: (m: MessageRecord) => boolean = () => true, timeoutMs = this.defaultTimeoutMs): Promise<MessageRecord> {
    return this.#conditions.waitFor(() => {
      const m = this.messages.get(messageId);
      return m && m.editCount > 0 && predicate(m) ? m : undefined;
    }, timeoutMs, `an edit of message ${messageId}`);
  }

  /** Waits for a reply to an interaction (original response or follow-up, not still "thinking") matching the predicate. */
  waitForReply(interactionId: string, predicate: (m: MessageRecord) => boolean = () => true, timeoutMs = this.defaultTimeoutMs): Promise<MessageRecord> {
    return this.#conditions.waitFor(
      () => this.messages.messages.find((m) => m.interactionId === interactionId && !m.deleted && !m.loading && predicate(m)),
      timeoutMs, `a reply to interaction ${interactionId}`,
    );
  }

  /** Waits for a REST call matching the predicate (earlier calls count). */
  waitForRestCall(predicate: (c: RestCall) => boolean, timeoutMs = this.defaultTimeoutMs): Promise<RestCall> {
    return this.#conditions.waitFor(() => this.#rest.calls.find((c) => c.status !== 0 && predicate(c)), timeoutMs, 'a matching REST call');
  }

  /** Waits for any condition (re-checked after every change of the stand-in and every 50 ms, so it may look at the client too). */
  waitFor<T>(check: () => T | undefined, description: string, timeoutMs = this.defaultTimeoutMs): Promise<T> {
    return this.waitTicking(check, timeoutMs, description);
  }

  /** The next matching REST calls get this fault (429 with Retry-After, or a 5xx). */
  injectRestFault(fault: RestFault): void {
    this.#rest.addFault(fault);
  }

  /** Closes the bot's main gateway socket with a code (e.g. 4000 → the client resumes). */
  injectGatewayClose(code: number): void {
    this.gateway.closeSockets(code);
  }

  /** Closes everything: servers, sockets, fake speakers, pending waits. Destroy the client first. */
  async close(): Promise<void> {
    this.#conditions.close();
    await this.voice.close();
    await this.gateway.close();
    await this.#rest.close();
  }

  /** Like waitFor, but also re-checks every 50 ms (for conditions that depend on time passing). */
  protected async waitTicking<T>(check: () => T | undefined, timeoutMs: number, description: string): Promise<T> {
    const timer = setInterval(() => this.#conditions.notify(), 50);
    try {
      return await this.#conditions.waitFor(check, timeoutMs, description);
    } finally {
      clearInterval(timer);
    }
  }

  #dispatchInteraction(init: Omit<InteractionRecord, 'dispatchedAtMs' | 'callbacks' | 'respondedAfterMs' | 'originalMessageId' | 'followupMessageIds'>): InteractionRecord {
    const session = this.gateway.live().find((s) => init.guildId === null || this.gateway.ownsGuild(s, init.guildId));
    if (!session) throw new Error('local Discord: the bot is not connected to the gateway (await waitForBotReady())');
    const record: InteractionRecord = { ...init, dispatchedAtMs: Date.now(), callbacks: [], respondedAfterMs: null, originalMessageId: null, followupMessageIds: [] };
    this.interactions.add(record);
    this.gateway.dispatch('INTERACTION_CREATE', init.payload, init.guildId);
    return record;
  }
}

/** Starts a local Discord on 127.0.0.1 (random ports). */
export async function startLocalDiscord(opts: LocalDiscordOptions = {}): Promise<LocalDiscord> {
  return new LocalDiscord(opts).start();
}
