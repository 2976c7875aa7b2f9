package io.tgdesk.tickets;

/** The id of a customer: a Telegram user as one bot knows them ({@code customer.id}). */
public record CustomerId(long value) {

  public static CustomerId of(long value) {
    return new CustomerId(value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
