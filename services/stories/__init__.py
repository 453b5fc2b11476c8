"""Stories: consumes `articles.unique`, produces `stories`.

Gathers each outlet's own write-up of one story (not copies: the dedup stage counts those on the
article's cluster) under one story id: IDF-weighted Jaccard similarity of the texts' story terms
against texts of other outlets in the window, candidates found through each text's rarest shared
terms (`core.py`, thresholds set from SemEval 2022 task 8 by `make eval-dedup`). Output is an
upsert keyed by story id: its articles, outlets in the order they told it, first and last
report; the version is the number of articles. A side branch: events do not wait for it.
State (`index.py`: document frequencies per day, postings, each text's terms, the stories) lives
in Redis for the window (WIREWATCH_STORY_WINDOW_S, 7 days), shared by all workers; a batch costs
four round trips. At-least-once: an article filed before (a redelivery, or a new version of it)
keeps its story, counts nothing again and re-sends the story's current version. Dead letters go
to `stories.dlq`.
"""
