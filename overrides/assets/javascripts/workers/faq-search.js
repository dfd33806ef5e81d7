/*
 * Search worker of the site: Material for MkDocs' own worker (imported at the end), whose queries are
 * first written in this site's script, so that 网贷, 網貸 and the mixed 網贷 all find 網貸 on the
 * zh-Hant site and 网贷 on the zh-Hans site, and then cut into the words of the index.
 *
 * Why cut here: Material cuts a Chinese query greedily against the index, but never lets a word end
 * at the query's last character, and gives up on the whole query (searching it as one word) when its
 * first character starts no indexed word: 找律师 then finds nothing. Cut here by forward maximum
 * matching over the index's own words, each word reaches Material alone, which keeps it whole. Single
 * characters found in more than a tenth of the index entries (的, 了, 吗) are left out of a longer
 * query, as Material would match them as prefixes of unrelated words (了 -> 了解).
 *
 * main.html points Material at this file and passes the name of Material's worker as `?material=`.
 * The map (search/script_map.json, written by faqkit.site.search.write_script_map) has:
 *   fold:  Traditional-only character -> Simplified (applied first, so any input becomes Simplified-like)
 *   chars: character -> the site's character
 *   words: word -> the site's word, where its characters alone would be mapped wrongly
 * faqkit.site.search.to_site_script is the same mapping in Python (unit tests of the map use it).
 * Without a map (e.g. `mkdocs serve`), queries pass unchanged.
 */
"use strict"

const SETUP = 0  // Material's SearchMessageType.SETUP
const QUERY = 2  // Material's SearchMessageType.QUERY
const HAN_RUN = /(\p{sc=Han}+)/u
const HAN_WORD = /^\p{sc=Han}+$/u

/* The index's words, and the single characters too frequent to search for */
const vocabulary = new Set()
const frequent = new Set()
let longestWord = 1

function learnWords(docs, separator) {
  const split = new RegExp(separator)
  const entries = new Map()  // single character -> entries it occurs in
  for (const doc of docs) {
    const singles = new Set()
    for (const field of [doc.title, doc.text])
      for (const word of String(field || "").replace(/<[^>]*>/g, " ").split(split))
        if (HAN_WORD.test(word)) {
          vocabulary.add(word)
          longestWord = Math.max(longestWord, word.length)
          if (word.length === 1)
            singles.add(word)
        }
    for (const char of singles)
      entries.set(char, (entries.get(char) || 0) + 1)
  }
  for (const [char, count] of entries)
    if (count > docs.length / 10)
      frequent.add(char)
}

function cutRun(run) {
  const words = []
  for (let position = 0; position < run.length;) {
    let length = Math.min(longestWord, run.length - position)
    while (length > 1 && !vocabulary.has(run.slice(position, position + length)))
      length--
    words.push(run.slice(position, position + length))
    position += length
  }
  const kept = words.filter(word => !frequent.has(word))
  return (kept.length ? kept : words).join(" ")
}

function cutQuery(query) {
  return query.split(HAN_RUN).map(part => (HAN_RUN.test(part) ? ` ${cutRun(part)} ` : part)).join("").trim()
}

const scriptMap = fetch(new URL("../../../search/script_map.json", self.location.href))
  .then(response => (response.ok ? response.json() : null))
  .catch(() => null)

function toSiteScript(query, map) {
  const folded = Array.from(query, char => map.fold[char] || char).join("")
  let out = ""
  let position = 0
  while (position < folded.length) {
    let matched = false
    for (let length = Math.min(map.longest, folded.length - position); length > 1; length--) {
      const word = map.words[folded.slice(position, position + length)]
      if (word) {
        out += word
        position += length
        matched = true
        break
      }
    }
    if (!matched) {
      const char = folded[position]
      out += map.chars[char] || char
      position += 1
    }
  }
  return out
}

/* Material's worker registers one message listener; wrap it so queries are rewritten before it sees them */
const addListener = self.addEventListener.bind(self)
self.addEventListener = (type, listener, options) => {
  if (type !== "message")
    return addListener(type, listener, options)
  return addListener(type, async event => {
    const map = await scriptMap  // also holds back setup until the map is there: no query runs without it
    const message = event.data
    if (message && message.type === SETUP && message.data && Array.isArray(message.data.docs))
      learnWords(message.data.docs, message.data.config.separator)
    if (message && message.type === QUERY && typeof message.data === "string") {
      const query = map ? toSiteScript(message.data, map) : message.data
      return listener({ data: { type: QUERY, data: cutQuery(query) } })
    }
    return listener(event)
  }, options)
}

self.faqToSiteScript = toSiteScript
importScripts(new URL(self.location.href).searchParams.get("material"))
