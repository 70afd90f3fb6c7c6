import type { FinishReason } from '../../shared/chat';

const OPENAI: Record<string, FinishReason> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  function_call: 'tool_calls',
  content_filter: 'content_filter',
};

const ANTHROPIC: Record<string, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

/** OpenAI's finish_reason (and what compatible APIs send) in our words; anything else is 'other'. */
export function finishFromOpenAI(reason: string): FinishReason {
  return OPENAI[reason] ?? 'other';
}

/** Anthropic's stop_reason in our words (pause_turn and later additions are 'other'). */
export function finishFromAnthropic(reason: string): FinishReason {
  return ANTHROPIC[reason] ?? 'other';
}

/** The mirror, for Switchyard's own OpenAI-compatible endpoint: our word as OpenAI's `finish_reason`. */
export function finishToOpenAI(reason: FinishReason | undefined): string {
  return reason === undefined || reason === 'other' ? 'stop' : reason;
}

const TO_ANTHROPIC: Record<FinishReason, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
  other: 'end_turn',
};

/**
 * Our word as Anthropic's `stop_reason`, for Switchyard's Anthropic-compatible endpoint. An Anthropic
 * provider's own word is kept when it is one (`stop_sequence`, `pause_turn` say more than ours).
 */
export function finishToAnthropic(reason: FinishReason | undefined, providerReason?: unknown): string {
  if (typeof providerReason === 'string' && (providerReason in ANTHROPIC || providerReason === 'pause_turn')) {
    // A forced JSON-output tool call reads as a plain end of turn (the reply is its text).
    return providerReason === 'tool_use' && reason !== 'tool_calls' ? 'end_turn' : providerReason;
  }
  return TO_ANTHROPIC[reason ?? 'stop'];
}
