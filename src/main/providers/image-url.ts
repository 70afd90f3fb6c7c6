import { unsupported } from './unsupported-input';

/** What both OpenAI and Anthropic accept as image input. */
const IMAGE_MEDIA_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export type ImageSource = { kind: 'url'; url: string } | { kind: 'base64'; mediaType: string; data: string };

/**
 * Splits an image URL (validated by the request schema) into what the wire formats need, refusing media
 * types the providers do not take. `field` names the part in the error.
 */
export function imageSource(url: string, field: string, protocol: string): ImageSource {
  if (!url.startsWith('data:')) return { kind: 'url', url };
  const comma = url.indexOf(',');
  const mediaType = url.slice(5, url.indexOf(';')).toLowerCase();
  if (!IMAGE_MEDIA_TYPES.has(mediaType)) {
    throw unsupported(field, protocol, `takes PNG, JPEG, GIF and WebP images, not ${mediaType}`);
  }
  return { kind: 'base64', mediaType, data: url.slice(comma + 1) };
}

/** The mirror of imageSource: an Anthropic image source as the URL our requests carry. */
export function imageUrlFromSource(source: ImageSource): string {
  return source.kind === 'url' ? source.url : `data:${source.mediaType};base64,${source.data}`;
}
