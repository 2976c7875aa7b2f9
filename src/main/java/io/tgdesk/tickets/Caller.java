package io.tgdesk.tickets;

/** Who is acting on a ticket: the authenticated user's name and whether they are an admin. */
public record Caller(String name, boolean admin) {}
