import * as z from 'zod';

/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), written from the spec text,
 * independent of feedsmith: the second opinion on what renderJsonFeed produces.
 */
const url = z.url();
const date = z.iso.datetime({ offset: true });
const author = z.object({ name: z.string().optional(), url: url.optional(), avatar: url.optional() });

const itemFields = z.object({
  id: z.string().min(1),
  url: url.optional(),
  external_url: url.optional(),
  title: z.string().optional(),
  content_html: z.string().optional(),
  content_text: z.string().optional(),
  summary: z.string().optional(),
  image: url.optional(),
  banner_image: url.optional(),
  date_published: date.optional(),
  date_modified: date.optional(),
  authors: z.array(author).optional(),
  tags: z.array(z.string()).optional(),
  language: z.string().optional(),
  attachments: z
    .array(
      z.object({
        url,
        mime_type: z.string().min(1),
        title: z.string().optional(),
        size_in_bytes: z.number().optional(),
        duration_in_seconds: z.number().optional(),
      }),
    )
    .optional(),
});

const item = itemFields
  // "content_html and content_text are each optional strings — but one or both must be present."
  .refine((i) => i.content_html !== undefined || i.content_text !== undefined, 'content_html or content_text')
  // Any other key must be an extension: it starts with an underscore.
  .catchall(z.unknown())
  .superRefine((i, ctx) => {
    for (const key of Object.keys(i)) {
      if (!(key in itemFields.shape) && !key.startsWith('_'))
        ctx.addIssue({ code: 'custom', message: `unknown key ${key}` });
    }
  });

export const JsonFeed11 = z.object({
  version: z.literal('https://jsonfeed.org/version/1.1'),
  title: z.string().min(1),
  home_page_url: url.optional(),
  feed_url: url.optional(),
  description: z.string().optional(),
  next_url: url.optional(),
  icon: url.optional(),
  favicon: url.optional(),
  authors: z.array(author).optional(),
  language: z.string().optional(),
  expired: z.boolean().optional(),
  items: z.array(item),
});
