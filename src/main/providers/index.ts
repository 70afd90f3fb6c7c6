export { SseParser, parseSseStream } from './sse-parser';
export type { SseEvent } from './sse-parser';
export { openAIChatProtocol, buildOpenAIChatBody, openAIChatHeaders, openAIChatUrl, parseOpenAICompletion } from './openai-chat';
export {
  anthropicMessagesProtocol,
  buildAnthropicBody,
  anthropicHeaders,
  anthropicMessagesUrl,
  parseAnthropicMessage,
  ANTHROPIC_DEFAULT_MAX_TOKENS,
  ANTHROPIC_VERSION,
} from './anthropic-messages';
export { structuredOutputTool } from './anthropic-request';
export { errorFromResponse, parseProviderError, parseRetryAfter, isRetryableStatus } from './provider-errors';
export { usageFromOpenAI, usageFromAnthropic, ZERO_USAGE } from './usage';
export type { Completion, DeltaPart, StreamDecoder, WireProtocol, WireRequest } from './types';
