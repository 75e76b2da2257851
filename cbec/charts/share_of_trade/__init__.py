"""Chart share-of-trade: share of goods trade (computed). Figure code in figure.py, words in words.yaml."""
