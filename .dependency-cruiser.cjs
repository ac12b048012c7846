/**
 * The import plan of src/, checked by `npm run depcruise` (part of `npm run check`).
 *
 * Layers, top to bottom; an arrow may only point down (or stay inside its folder):
 *
 *   main.ts, shard.ts, startBot.ts   process wiring: reads config, builds everything
 *   commands/                        slash command definitions, handlers, the interaction table
 *   bot/                             the Discord adapter: coordinator, live interview, embeds
 *   db/, voice/                      adapters implementing the engine's ports (Store, answer capture)
 *   interview/                       the engine and its ports
 *   ai/                              LanguageModel / SpeechToText / TextToSpeech and providers
 *   util/, config.ts, logger.ts, UserError.ts   shared primitives
 *
 * The engine sees ai/ only through its contracts (type-only imports), and adapters see the
 * engine only through its ports. Fakes (src/<layer>/testing/) are for tests only.
 */
const ENTRY = '^src/(main|shard|startBot)\\.ts$';
const SHARED = '^src/(config|logger|UserError)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle means two modules are one concern, or a seam points the wrong way.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'util-is-a-leaf',
      severity: 'error',
      comment: 'src/util/ holds primitives; it imports nothing else from src/.',
      from: { path: '^src/util/' },
      to: { path: '^src/', pathNot: '^src/util/' },
    },
    {
      name: 'shared-is-a-leaf',
      severity: 'error',
      comment: 'config.ts, logger.ts and UserError.ts are used everywhere and import nothing from src/.',
      from: { path: SHARED },
      to: { path: '^src/' },
    },
    {
      name: 'ai-is-low',
      severity: 'error',
      comment: 'AI providers know nothing of the engine, the adapters or Discord.',
      from: { path: '^src/ai/' },
      to: { path: ['^src/(interview|voice|db|bot|commands)/', ENTRY] },
    },
    {
      name: 'engine-imports-only-below',
      severity: 'error',
      comment: 'interview/ imports interview/, util/ and the shared files; nothing from the adapters, Discord or the wiring.',
      from: { path: '^src/interview/' },
      to: { path: ['^src/(voice|db|bot|commands)/', ENTRY, '^src/loadConfigOrExit\\.ts$'] },
    },
    {
      name: 'engine-sees-ai-contracts-only',
      severity: 'error',
      comment:
        'The engine uses LanguageModel & co. as types; providers are passed in.',
      from: { path: '^src/interview/' },
      to: { path: '^src/ai/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'adapters-never-import-up',
      severity: 'error',
      comment: 'ai/, voice/ and db/ implement ports; they never import Discord glue, commands or the wiring.',
      from: { path: '^src/(ai|voice|db)/' },
      to: { path: ['^src/(bot|commands)/', ENTRY] },
    },
    {
      name: 'adapters-stay-apart',
      severity: 'error',
      comment: 'The store and the audio pipeline do not know each other.',
      from: { path: '^src/voice/' },
      to: { path: '^src/db/' },
    },
    {
      name: 'adapters-stay-apart-too',
      severity: 'error',
      comment: 'The store and the audio pipeline do not know each other.',
      from: { path: '^src/db/' },
      to: { path: '^src/(voice|ai)/' },
    },
    {
      name: 'voice-sees-engine-ports-only',
      severity: 'error',
      comment: 'voice/ implements the engine’s capture port: type-only imports of interview/.',
      from: { path: '^src/voice/' },
      to: { path: '^src/interview/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'bot-below-commands',
      severity: 'error',
      comment: 'commands/ uses bot/ (embeds, custom ids, the coordinator); bot/ never imports commands/.',
      from: { path: '^src/bot/' },
      to: { path: ['^src/commands/', ENTRY] },
    },
    {
      name: 'commands-below-wiring',
      severity: 'error',
      from: { path: '^src/commands/' },
      to: { path: ENTRY },
    },
    {
      name: 'only-main-starts-the-bot',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/main\\.ts$' },
      to: { path: '^src/(startBot|main|shard)\\.ts$' },
    },
    {
      name: 'fakes-are-for-tests',
      severity: 'error',
      comment: 'src/**/testing/ holds fakes for tests; production code never imports them.',
      from: { path: '^src/', pathNot: '/testing/' },
      to: { path: '^src/.+/testing/' },
    },
    {
      name: 'src-never-imports-tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
  },
};
