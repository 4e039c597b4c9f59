// The education agents' own skills (shared writing skills live in ../text).
import type { AnySkill } from '../skill.js';
import { careerMatch } from './career-match.js';
import { careerRiasec } from './career-riasec.js';
import { careerRoadmap } from './career-roadmap.js';
import { careerSkillsGap } from './career-skills-gap.js';
import { careerStreamAdvisor } from './career-stream-advisor.js';
import { englishEssayFeedback } from './english-essay-feedback.js';
import { englishLetterFormat } from './english-letter-format.js';
import { englishPrecisCheck } from './english-precis-check.js';
import { englishSpelling } from './english-spelling.js';
import { englishVocabQuiz } from './english-vocab-quiz.js';
import { englishVocabularyProfile } from './english-vocabulary-profile.js';
import { examMockTest } from './exam-mock-test.js';
import { examPacing } from './exam-pacing.js';
import { examProgress } from './exam-progress.js';
import { examScore } from './exam-score.js';
import { homeworkGeometry } from './homework-geometry.js';
import { homeworkLinearSystem } from './homework-linear-system.js';
import { homeworkPercentInterest } from './homework-percent-interest.js';
import { homeworkStepSolve } from './homework-step-solve.js';
import { mathGrade } from './math-grade.js';
import { mathMatrix } from './math-matrix.js';
import { mathPracticeSet } from './math-practice-set.js';
import { mathStatistics } from './math-statistics.js';
import { mathUnitConvert } from './math-unit-convert.js';
import { scienceCircuit } from './science-circuit.js';
import { scienceEquationBalance } from './science-equation-balance.js';
import { scienceMolarMass } from './science-molar-mass.js';
import { scienceOptics } from './science-optics.js';
import { scienceQuizGrade } from './science-quiz-grade.js';
import { scienceQuiz } from './science-quiz.js';
import { studyProgress } from './study-progress.js';
import { studyRevisionPlan } from './study-revision-plan.js';
import { studySm2 } from './study-sm2.js';
import { studyTimetable } from './study-timetable.js';

export const educationSkills: readonly AnySkill[] = [
  scienceQuiz,
  scienceQuizGrade,
  scienceEquationBalance,
  scienceMolarMass,
  scienceOptics,
  scienceCircuit,
  mathPracticeSet,
  mathGrade,
  mathUnitConvert,
  mathStatistics,
  mathMatrix,
  homeworkStepSolve,
  homeworkLinearSystem,
  homeworkPercentInterest,
  homeworkGeometry,
  englishSpelling,
  englishEssayFeedback,
  englishVocabularyProfile,
  englishVocabQuiz,
  englishPrecisCheck,
  englishLetterFormat,
  examMockTest,
  examScore,
  examPacing,
  examProgress,
  careerRiasec,
  careerMatch,
  careerStreamAdvisor,
  careerRoadmap,
  careerSkillsGap,
  studyRevisionPlan,
  studyTimetable,
  studySm2,
  studyProgress,
] as readonly AnySkill[];
