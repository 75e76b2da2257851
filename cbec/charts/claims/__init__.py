"""Chart claims: the Global Times report's figures against their sources.

Figure code in figure.py, words in words.yaml.
"""
