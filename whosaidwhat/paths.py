"""Where things are.  Everything is found relative to this file, so the
package works from any working directory (a notebook folder, nbgrader's
autograde folder, a test's temporary folder)."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]

# WSW_DATA lets an instructor point the course at another copy of data/.
DATA_DIR = Path(os.environ.get("WSW_DATA", REPO_ROOT / "data"))

ARTICLE = DATA_DIR / "article.txt"
ARTICLE_SHA256 = DATA_DIR / "article.sha256"
METADATA = DATA_DIR / "metadata.json"
GOLD = DATA_DIR / "gold.json"
GOLD_SCHEMA = DATA_DIR / "gold.schema.json"

# NLTK resources downloaded by the course go here (ignored by git).
LOCAL_NLTK_DATA = REPO_ROOT / ".nltk_data"
