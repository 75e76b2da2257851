"""Chart pilot-zones: comprehensive pilot zones, batch by batch. Figure code in figure.py, words in words.yaml."""
