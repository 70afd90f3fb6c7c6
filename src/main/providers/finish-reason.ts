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
