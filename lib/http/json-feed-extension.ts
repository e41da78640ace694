/** Served at /about/json-feed-extension: the `about` URL of our JSON Feed extension object. */
export const JSON_FEED_EXTENSION_DOC = `The _wirefeed JSON Feed extension

wirefeed's JSON Feed 1.1 items carry an "_wirefeed" object with what JSON Feed has no field for.
Every member is optional.

  about       this document's URL
  categories  [{ "name", "slug" }]  the article's categories (JSON Feed "tags" lists categories and tags together)
  tags        [{ "name", "slug" }]  the article's tags
  image       { "alt", "caption", "credit", "width", "height" }  the lead image (its URL is the item's "image")
  source      { "name", "url" }  who the copy comes from, for third-party (wire) articles
  rights      a rights statement for third-party copy; such items carry a summary, never the body
  related     [{ "title", "url" }]  links to related stories
`;
