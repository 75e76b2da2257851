"""Chart series-break: the series break between the old platform series and the broad scope.

Figure code in figure.py, words in words.yaml.
"""
