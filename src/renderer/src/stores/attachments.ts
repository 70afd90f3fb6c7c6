import type { ImagePart } from '../../../shared/chat';

/**
 * Images attached to the prompt: read into base64 data URLs (how both providers take an inline image),
 * after checking what the providers accept. A file that cannot be sent is named with the reason; the
 * others are attached all the same.
 */

export interface DraftImage {
  /** The file's name, for the thumbnail's label (a pasted image gets a made-up one). */
  name: string;
  url: string;
}

/** Anthropic's limit per image (OpenAI's is higher); above it the provider would refuse the request. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

export async function readImages(files: File[]): Promise<{ images: DraftImage[]; problems: string[] }> {
  const images: DraftImage[] = [];
  const problems: string[] = [];
  for (const [i, file] of files.entries()) {
    const name = file.name || `pasted-image-${i + 1}`;
    if (!IMAGE_TYPES.includes(file.type)) problems.push(`${name} is not a PNG, JPEG, GIF or WebP image, so it was not attached.`);
    else if (file.size > MAX_IMAGE_BYTES) problems.push(`${name} is ${megabytes(file.size)}; an image can be at most ${megabytes(MAX_IMAGE_BYTES)}, so it was not attached.`);
    else images.push({ name, url: `data:${file.type};base64,${base64(new Uint8Array(await file.arrayBuffer()))}` });
  }
  return { images, problems };
}

export const imagePartOf = (image: DraftImage): ImagePart => ({ type: 'image', url: image.url });

/** An image of a sent message, back in the prompt box (a failed turn gives its images back). */
export const draftImageOf = (part: ImagePart, index: number): DraftImage => ({ name: `image ${index + 1}`, url: part.url });

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
