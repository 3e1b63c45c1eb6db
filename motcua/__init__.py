"""motcua: the electronic one-stop desk for Vietnamese People's Committees."""
