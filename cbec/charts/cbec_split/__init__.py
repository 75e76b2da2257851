"""Chart cbec-split: exports vs imports. Figure code in figure.py, words in words.yaml."""
