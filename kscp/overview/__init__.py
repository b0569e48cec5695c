"""What composes the apps for people: the home page, "your items", the groups pages, the
executive dashboard and the service navigation. No models; nothing below imports it."""
