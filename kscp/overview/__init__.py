"""What composes the apps for people: the home page, "your items", the groups pages, the
executive dashboard, the board pack and the service navigation. No models (the board packs
prepared are kept by kscp.rounds); nothing below imports it."""
