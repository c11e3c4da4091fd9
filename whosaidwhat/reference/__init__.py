"""The course's reference versions of earlier assignments' work.

Each module here holds the answers to one assignment, so it is released to
students only with the assignments that come *after* it (``bin/build
--student DIR --through aN`` copies just those; see ``RELEASED_WITH``):

* ``actors``    – a1's actor linking (names → actors), from a2 on;
* ``entities``  – a1's named-entity recognizer, from a2 on;
* ``quotes``    – a2's quotation finding and attribution, from a3 on;
* ``sentiment`` – a3's holder → target sentiment, from a4 on.
"""

# module -> the first assignment that may import it
RELEASED_WITH = {
    "actors": "a2_who_said_what",
    "entities": "a2_who_said_what",
    "quotes": "a3_sentiment_toward_actors",
    "sentiment": "a4_bias_detection",
}
