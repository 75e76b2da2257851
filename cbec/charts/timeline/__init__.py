"""Chart timeline: customs' series with the events since 2020 numbered on it.

Figure code in figure.py, words in words.yaml."""
