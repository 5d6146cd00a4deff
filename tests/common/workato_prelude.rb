# What Workato's formula mode has that plain Ruby lacks, enough to evaluate the launcher's
# texts: `now` (a fixed instant), `trigger` (the sample pills, read from the file PILLS names),
# ActiveSupport's durations and calendar months, and `String#to_time`. Read by the native tests
# (tests/common/foreign.rs) and the end-to-end tests (tests/e2e/helpers.js).
require 'json'
require 'time'
require 'date'
$now = Time.utc(2026, 12, 7, 7, 30, 0)
$pills = JSON.parse(File.read(ENV.fetch('PILLS')))
def now; $now.dup; end
def trigger; $pills; end
class MonthSpan; attr_reader :n; def initialize(n); @n = n; end; end
class Integer
  def seconds; self; end
  def hours; self * 3600; end
  def days; self * 86400; end
  def weeks; self * 604800; end
  def months; MonthSpan.new(self); end
  def years; MonthSpan.new(self * 12); end
end
class Time
  alias_method :plain_plus, :+
  alias_method :plain_minus, :-
  def +(x); x.is_a?(MonthSpan) ? shift_months(x.n) : plain_plus(x); end
  def -(x); x.is_a?(MonthSpan) ? shift_months(-x.n) : plain_minus(x); end
  def shift_months(n)
    first = Date.new(year, month, 1) >> n
    last = (first >> 1) - 1
    Time.utc(first.year, first.month, [day, last.day].min, hour, min, sec)
  end
end
class String; def to_time; Time.parse(self); end; end
