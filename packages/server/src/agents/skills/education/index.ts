// The education agents' own skills (shared writing skills live in ../text).
import type { AnySkill } from '../skill.js';
import { scienceCircuit } from './science-circuit.js';
import { scienceEquationBalance } from './science-equation-balance.js';
import { scienceMolarMass } from './science-molar-mass.js';
import { scienceOptics } from './science-optics.js';
import { scienceQuizGrade } from './science-quiz-grade.js';
import { scienceQuiz } from './science-quiz.js';

export const educationSkills: readonly AnySkill[] = [
  scienceQuiz,
  scienceQuizGrade,
  scienceEquationBalance,
  scienceMolarMass,
  scienceOptics,
  scienceCircuit,
] as readonly AnySkill[];
