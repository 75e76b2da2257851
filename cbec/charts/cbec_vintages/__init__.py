"""Chart cbec-vintages: yearly totals by release (first release vs revised or restated).

Figure code in figure.py, words in words.yaml.
"""
