"""Chart growth-vs-trade: growth vs total goods trade. Figure code in figure.py, words in words.yaml."""
