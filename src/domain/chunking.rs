//! Sizing the chunks a long list is rendered in: as many items per frame as fit a time budget,
//! learnt from what the last chunk cost, so a fast machine fills a form in a few frames and a
//! slow one never blocks input for long.

/// How many items the next chunk may hold, from what the last one cost.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChunkSizer {
    /// Work one chunk may do, ms (script, style and layout of the frame that shows it).
    pub budget_ms: f64,
    /// The largest chunk, whatever the estimate says (a wrong clock must not add everything).
    pub max_items: usize,
    /// How many times the last chunk the next may hold at most.
    pub max_growth: usize,
}

impl ChunkSizer {
    /// The size of the next chunk after `items` took `spent_ms` to build and lay out: at least
    /// one item, at most `max_items`, at least half the last size and at most `max_growth`
    /// times it, so one slow or fast frame (a garbage collection, a timer's coarse clock) does
    /// not swing it far.
    pub fn next(&self, items: usize, spent_ms: f64) -> usize {
        let max = self.max_items.max(1);
        let items = items.clamp(1, max);
        if spent_ms.is_nan() || spent_ms < 0.0 {
            // No usable clock: keep the size.
            return items;
        }
        let fits = if spent_ms == 0.0 {
            // Too fast to measure: grow as fast as allowed.
            usize::MAX
        } else {
            let fits = (self.budget_ms / (spent_ms / items as f64)).floor();
            if fits >= 1.0 {
                fits.min(usize::MAX as f64) as usize
            } else {
                1
            }
        };
        let most = items.saturating_mul(self.max_growth.max(1));
        fits.clamp((items / 2).max(1).min(most), most).min(max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIZER: ChunkSizer = ChunkSizer {
        budget_ms: 28.0,
        max_items: 100,
        max_growth: 2,
    };

    #[test]
    fn fills_the_budget_from_the_cost_of_the_last_chunk() {
        // 10 items in 7 ms: 0.7 ms each, 40 fit in 28 ms, but growth is at most double.
        assert_eq!(SIZER.next(10, 7.0), 20);
        // 20 items in 20 ms: 28 fit.
        assert_eq!(SIZER.next(20, 20.0), 28);
        // 40 items in 112 ms: 10 fit, but shrinking is at most half.
        assert_eq!(SIZER.next(40, 112.0), 20);
    }

    #[test]
    fn growth_is_capped_by_the_sizer_s_own_factor() {
        let eightfold = ChunkSizer {
            max_growth: 8,
            ..SIZER
        };
        // 10 items in 4 ms: 70 fit, within eight times 10.
        assert_eq!(eightfold.next(10, 4.0), 70);
        // 10 items in 1 ms: 280 fit, but 80 at most, and 100 is the largest chunk.
        assert_eq!(eightfold.next(10, 1.0), 80);
        assert_eq!(eightfold.next(20, 1.0), 100);
    }

    #[test]
    fn a_chunk_too_fast_to_measure_grows_within_the_cap() {
        assert_eq!(SIZER.next(10, 0.0), 20);
        assert_eq!(SIZER.next(80, 0.0), 100);
    }

    #[test]
    fn a_broken_clock_keeps_the_size() {
        assert_eq!(SIZER.next(10, f64::NAN), 10);
        assert_eq!(SIZER.next(10, -3.0), 10);
        assert_eq!(SIZER.next(500, -3.0), 100);
    }

    #[test]
    fn a_very_slow_chunk_still_adds_one() {
        assert_eq!(SIZER.next(1, 10_000.0), 1);
        assert_eq!(SIZER.next(1, f64::INFINITY), 1);
        // No items counts as one: 5 ms each, so two (double) may follow.
        assert_eq!(SIZER.next(0, 5.0), 2);
    }
}
